"""KPIs over time: series and lead/lag statistics, ``classify()``, and the lifecycle helpers (graduate, suggest)."""
