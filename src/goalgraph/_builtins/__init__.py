"""The built-in aggregators and scorers: plain callables, which the registry registers as any other."""
