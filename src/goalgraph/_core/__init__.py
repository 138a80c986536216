"""The foundations, importing nothing else of goalgraph.

Errors and problem codes, field checks, the ISO-date reader, frozen data,
overflow-safe arithmetic, caches per graph, the collector pause, optional
dependencies.
"""
