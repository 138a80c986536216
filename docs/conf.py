"""Sphinx configuration for the goalgraph documentation.

Build with ``python -m sphinx -n -W --keep-going -b html docs docs/_build/html``
from the repository root.
"""

from __future__ import annotations

import pathlib
import sys

# The docs describe the installed package (pip install -e . --group docs).
import goalgraph

# Local extensions (rule_catalogue, diagrams) live beside this file, in _ext;
# diagrams reads the architecture with the repository's tools/architecture.py.
HERE = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(HERE / "_ext"), str(HERE.parent)]

project = "goalgraph"
author = "The goalgraph developers"
copyright = "the goalgraph developers"  # noqa: A001 (Sphinx's own name for it)
version = release = goalgraph.__version__

# intersphinx (to Python, attrs and networkx) is left out on purpose: it
# fetches the inventories over the network when the docs are built, and
# neither the build machines nor CI have a network. References to names in
# those projects are listed in nitpick_ignore below instead.
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "rule_catalogue",
    "diagrams",
]

exclude_patterns = ["_build"]
root_doc = "index"
source_suffix = {".rst": "restructuredtext"}

html_theme = "furo"
html_title = f"goalgraph {release}"
html_static_path = ["_static"]
html_css_files = ["goalgraph.css"]

# Docstrings are numpydoc (see STYLE.md); napoleon reads them.
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False
napoleon_preprocess_types = True

autodoc_typehints = "none"
autodoc_member_order = "bysource"
autodoc_preserve_defaults = True

# Every cross-reference must resolve (-n); these are names of other projects
# (no intersphinx, see above) and words of numpydoc type descriptions.
nitpicky = True
nitpick_ignore = [
    # The standard library and the dependencies (intersphinx would link them).
    ("py:class", "collections.abc.Mapping"),
    ("py:class", "datetime.date"),
    ("py:class", "enum.StrEnum"),
    ("py:class", "networkx.DiGraph"),
    ("py:class", "pandas.DataFrame"),
    ("py:class", "dask.bag.Bag"),
    ("py:class", "dask.dataframe.DataFrame"),
    ("py:func", "math.fsum"),
    ("py:obj", "True"),
    ("py:obj", "False"),
    # The generic words of numpydoc type descriptions ("sequence of Alignment").
    ("py:class", "callable"),
    ("py:class", "file"),
    ("py:class", "iterable"),
    ("py:class", "mapping"),
    ("py:class", "path"),
    ("py:class", "sequence"),
]
