"""Tables out of goalgraph.

Tidy tables for BI tools (records, CSV, pandas) and scoring many documents
or organisations at once.
"""
