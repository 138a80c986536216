"""Registries of named scorers, aggregators and check rules: their records, the plugin loader, the registry."""
