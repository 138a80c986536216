"""``python -m goalgraph``: the same command line as the ``goalgraph`` script."""

from goalgraph._cli import run

run()
