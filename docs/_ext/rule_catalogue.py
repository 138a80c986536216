"""The ``rule-catalogue`` directive: one section per registered check rule, written from the rule itself.

Each section is titled with the rule's code and name (``GG102 — orphan``),
carries the label ``rule-<code>`` (lower case, for ``:ref:`rule-gg102```),
states the default severity and parameters, and holds the rule's docstring
parsed as reStructuredText. The rules come from
``goalgraph.default_registry``, in registration order, so the catalogue can
never disagree with the code.
"""

from __future__ import annotations

import inspect
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, switch_source_input
from sphinx.util.nodes import nested_parse_with_titles

import goalgraph

__all__ = ["RuleCatalogue", "setup"]


def _facts(rule: goalgraph.CheckRule) -> nodes.paragraph:
    """The paragraph under the title: the default severity, and the parameters with their defaults."""
    facts = nodes.paragraph()
    facts += nodes.Text("Default severity: ")
    facts += nodes.strong(text=str(rule.severity))
    if not rule.params:
        facts += nodes.Text("; no parameters.")
        return facts
    facts += nodes.Text("; parameters: ")
    for number, (name, default) in enumerate(rule.params.items()):
        if number:
            facts += nodes.Text(", ")
        facts += nodes.literal(text=name)
        facts += nodes.Text(" (default ")
        facts += nodes.literal(text=repr(default))
        facts += nodes.Text(")")
    facts += nodes.Text(".")
    return facts


def _docstring(rule: goalgraph.CheckRule) -> tuple[StringList, str | None]:
    """The rule's docstring as lines, and the file it comes from (when known).

    The lines are named like autodoc's (``<file>:docstring of <function>``),
    so that a warning about the docstring points into the rule's source.
    """
    function = rule.function
    try:
        path = inspect.getsourcefile(function)
    except TypeError:  # a builtin or a callable object: no source file
        path = None
    name = f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', '?')}"
    where = f"{path or '<unknown>'}:docstring of {name}"
    lines = StringList()
    for number, text in enumerate(rule.doc.splitlines()):
        lines.append(text, where, number)
    return lines, path


class RuleCatalogue(SphinxDirective):
    """Document every rule of ``goalgraph.default_registry``, one section each.

    Usage: ``.. rule-catalogue::`` (no arguments, no content), in the section
    that the rules' sections should nest under.
    """

    has_content = False
    required_arguments = 0
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        document = self.state.document
        sections: list[nodes.Node] = []
        for rule in goalgraph.default_registry.rules.values():
            label = f"rule-{rule.code.lower()}"
            section = nodes.section(ids=[label], names=[label])
            section.document = document
            self.set_source_info(section)
            title = nodes.title(text=f"{rule.code} — {rule.name}")
            self.set_source_info(title)
            section += title
            # An explicit target, like ``.. _rule-gg102:`` before a title: :ref:`rule-gg102` links here.
            document.note_explicit_target(section, section)
            section += _facts(rule)
            lines, path = _docstring(rule)
            if path is not None:
                self.env.note_dependency(path)  # rebuild the page when a rule's docstring changes
            with switch_source_input(self.state, lines):
                nested_parse_with_titles(self.state, lines, section)
            sections.append(section)
        return sections


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``rule-catalogue`` directive."""
    app.add_directive("rule-catalogue", RuleCatalogue)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
