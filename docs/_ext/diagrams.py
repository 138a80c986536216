"""Pictures drawn by goalgraph itself while the site is built: no Graphviz, no JavaScript, no network.

``.. goalgraph-picture:: okrs.yaml`` (option ``:as-of: YYYY-MM-DD``) puts
``goalgraph.render(goalgraph.load(path), "svg", as_of=...)`` inline in the
page; the path is relative to the page, and the page is rebuilt when the
document changes.

``.. goalgraph-architecture::`` draws goalgraph's layers, as listed in
``goalgraph/__init__.py``, each with its modules, and an arrow from a layer
up to each layer that imports it directly (the transitive reduction of the
imports, read from the source by ``tools/architecture.py``). It uses the
same layout and drawing as ``render(graph, "svg")``.
"""

from __future__ import annotations

import datetime
import pathlib
import textwrap
from typing import Any, ClassVar

import networkx as nx
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from tools.architecture import layer_imports, layers

import goalgraph
from goalgraph._output.render.diagram import Arrow, Box, svg

__all__ = ["Architecture", "Picture", "setup"]


def _inline(picture: str) -> nodes.raw:
    # Styled by _static/goalgraph.css: a wide picture scrolls sideways instead of shrinking.
    return nodes.raw("", f'<div class="goalgraph-diagram">\n{picture}</div>\n', format="html")


class Picture(SphinxDirective):
    """The SVG picture of a goalgraph document, scored as of a date."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"as-of": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        relative, path = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(relative)
        if "as-of" not in self.options:
            raise self.error("goalgraph-picture needs :as-of: YYYY-MM-DD, so that the picture does not change daily")
        as_of = datetime.date.fromisoformat(self.options["as-of"])
        return [_inline(goalgraph.render(goalgraph.load(path), "svg", as_of=as_of))]


class Architecture(SphinxDirective):
    """goalgraph's layers and the imports between them, read from the source."""

    def run(self) -> list[nodes.Node]:
        # Rebuilt when any module changes: the layers are listed in one, the imports read from all.
        for module in sorted(pathlib.Path(goalgraph.__file__).parent.rglob("*.py")):
            self.env.note_dependency(str(module))
        imports = nx.DiGraph()
        for name, imported in layer_imports().items():
            imports.add_node(name)
            imports.add_edges_from((below, name) for below in imported)
        direct = nx.transitive_reduction(imports)
        boxes = [
            # A box cuts a long line at three lines: give it the modules as lines of their own, each short.
            Box(id=name, lines=(name, *textwrap.wrap(", ".join(modules), 30)), fill="#e8f0fe", stroke="#3c6db0")
            for name, modules in layers()
        ]
        arrows = [Arrow(below, above) for below, above in sorted(direct.edges)]
        title = "goalgraph's layers: an arrow goes from a layer up to each layer that imports it directly"
        return [_inline(svg(boxes, arrows, title=title))]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("goalgraph-picture", Picture)
    app.add_directive("goalgraph-architecture", Architecture)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
