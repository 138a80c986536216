"""_scoring."""
