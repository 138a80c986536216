"""_export."""
