"""The values.

Frozen, validated entities, metrics, contributions, findings, the policy,
and the one description of the document format.
"""
