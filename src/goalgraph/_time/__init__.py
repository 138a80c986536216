"""_time."""
