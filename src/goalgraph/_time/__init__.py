"""Pure functions of values and dates.

Which check-in is in force, expected progress, status and grade bands,
forecasts, a KPI's health.
"""
