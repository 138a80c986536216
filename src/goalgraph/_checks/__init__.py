"""_checks."""
