"""_kpis."""
