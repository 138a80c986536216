"""The goal graph: ``GoalGraph`` and its invariants, its plain-data form, and the org-chart questions asked of it."""
