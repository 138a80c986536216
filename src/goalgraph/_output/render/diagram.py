"""Layered drawings of boxes and arrows as SVG, in pure Python: the layout and the drawing, nothing about goals.

Arrows point up, from what serves to what is served, so a box sits one
layer below the lowest box it points to (the top layer holds the boxes
that point nowhere). Within a layer, boxes are ordered to keep arrows
short and uncrossed (the barycentre heuristic of Sugiyama, Tagawa and Toda,
1981: each box moves to the mean position of its neighbours, sweeping down
and up), then placed left to right as close as their separation allows to
the mean centre of their neighbours. An arrow that skips layers takes a
narrow place in each layer it crosses, so it runs between the boxes there,
never through one. Every step is deterministic: ties keep
the order the boxes were given in, so the same boxes give the same bytes.
Each step is a loop over the layers, never recursion, and costs about the
number of boxes and arrows (times a logarithm, for sorting a layer).

Text widths are estimated, not measured (SVG has no text metrics without a
renderer): a character counts :data:`_CHAR_WIDTH` pixels, generous for
Helvetica and Arial at 12 px, so text stays inside its box.
"""

from __future__ import annotations

import collections
import html
import itertools
import re
import textwrap
from collections.abc import Sequence
from typing import Literal

import attrs

__all__ = ["Arrow", "Box", "svg"]

Shape = Literal["rect", "rounded", "hexagon"]
Line = Literal["solid", "dashed", "dotted"]

_FONT = "Helvetica, Arial, sans-serif"
_FONT_SIZE = 12
_CHAR_WIDTH = 7.0  # px per character at 12 px; bold text counts 10 % more
_LINE_HEIGHT = 16
_PAD_X, _PAD_Y = 10, 8
_GAP_X, _GAP_Y = 24, 56
_MARGIN = 16
_WAYPOINT = 8.0  # the width a skipping arrow takes in each layer it passes
_WRAP = 30  # characters per line of a wrapped text line
_MAX_LINES = 3  # lines a wrapped text line may take, the last one cut with an ellipsis
_DASHES = {"solid": "", "dashed": ' stroke-dasharray="6 4"', "dotted": ' stroke-dasharray="2 3"'}
# XML 1.0 allows neither these nor the C0 controls (which the callers have replaced already).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@attrs.frozen
class Box:
    """One box: a heading line (bold) and more lines, each wrapped at :data:`_WRAP` characters.

    ``tooltip`` is the full text, shown on hover and read by screen readers;
    ``data`` become ``data-*`` attributes of the box's group.
    """

    id: str
    lines: tuple[str, ...]
    fill: str = "#ffffff"
    stroke: str = "#555555"
    shape: Shape = "rect"
    tooltip: str = ""
    data: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class Arrow:
    """An arrow from ``source`` (drawn below) up to ``target``, with an optional label."""

    source: str
    target: str
    line: Line = "solid"
    label: str = ""


def svg(boxes: Sequence[Box], arrows: Sequence[Arrow], *, title: str, caption: str = "") -> str:
    """The drawing as one SVG document: the caption on top, then the layers of boxes joined by arrows.

    Raises :class:`ValueError` when an arrow names an unknown box or the
    arrows close a cycle (no layering exists).
    """
    index = {box.id: number for number, box in enumerate(boxes)}
    if len(index) != len(boxes):
        raise ValueError("two boxes have the same id")
    ends = []
    for arrow in arrows:
        if arrow.source not in index or arrow.target not in index:
            raise ValueError(f"arrow {arrow.source!r} -> {arrow.target!r} names a box that is not drawn")
        ends.append((index[arrow.source], index[arrow.target]))
    texts = [_wrapped(box.lines) for box in boxes]
    widths = [_width(lines) for lines in texts]
    heights = [2 * _PAD_Y + _LINE_HEIGHT * len(lines) for lines in texts]
    rank = _ranks(len(boxes), ends)
    # An arrow that skips layers passes through a waypoint in each layer between, which takes its place in
    # the layer like a narrow box, so that the arrow goes around the boxes instead of through them. A graph
    # with far more skipped layers than boxes (hostile, not organisational) gets direct arrows instead.
    skipped = sum(rank[source] - rank[target] - 1 for source, target in ends)
    waypoints = skipped <= 4 * len(boxes) + 1000
    routes: list[list[int]] = []
    for source, target in ends:
        route = [source]
        for between in range(rank[source] - 1, rank[target], -1) if waypoints else ():
            route.append(len(rank))
            rank.append(between)
            widths.append(_WAYPOINT)
            heights.append(0)
        routes.append([*route, target])
    ups: list[list[int]] = [[] for _ in rank]
    downs: list[list[int]] = [[] for _ in rank]
    for route in routes:
        for lower, upper in itertools.pairwise(route):
            ups[lower].append(upper)
            downs[upper].append(lower)
    layers: list[list[int]] = [[] for _ in range(max(rank, default=-1) + 1)]
    for node, number in enumerate(rank):
        layers[number].append(node)
    layers = _ordered(layers, ups, downs)
    xs = _placed(layers, ups, downs, widths)
    top = _MARGIN + (_LINE_HEIGHT + _PAD_Y if caption else 0)
    ys = [0.0] * len(rank)
    for row in layers:
        tallest = max(heights[node] for node in row)
        for node in row:
            if node < len(boxes):
                ys[node] = top + (tallest - heights[node]) / 2
            else:  # a waypoint spans its layer's height
                ys[node], heights[node] = top, tallest
        top += tallest + _GAP_Y
    shift = _MARGIN - min((x - w / 2 for x, w in zip(xs, widths, strict=True)), default=_MARGIN)
    xs = [x + shift for x in xs]
    right = max((x + w / 2 for x, w in zip(xs, widths, strict=True)), default=0.0)
    width = max(right, _text_width(caption) + _MARGIN) + _MARGIN
    height = top - _GAP_Y + _MARGIN if layers else top + _MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img" font-family="{_FONT}" font-size="{_FONT_SIZE}">',
        # The first <title> names the picture for screen readers. The picture defines no ids (arrow heads are
        # drawn, not markers), so any number of pictures can be put inline in one HTML page.
        f"<title>{_xml(title)}</title>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    if caption:
        out.append(f'<text x="{_MARGIN}" y="{_MARGIN + _FONT_SIZE}" font-weight="bold">{_xml(caption)}</text>')
    for arrow, route in zip(arrows, routes, strict=True):
        points = [(xs[route[0]], ys[route[0]])]
        for waypoint in route[1:-1]:
            points += [(xs[waypoint], ys[waypoint] + heights[waypoint]), (xs[waypoint], ys[waypoint])]
        points.append((xs[route[-1]], ys[route[-1]] + heights[route[-1]]))
        out.append(_arrow(arrow, points))
    for number, box in enumerate(boxes):
        out.append(_box(box, texts[number], xs[number], ys[number], widths[number], heights[number]))
    out.append("</svg>")
    return "\n".join(out) + "\n"


# Layout ----------------------------------------------------------------------


def _ranks(count: int, ends: list[tuple[int, int]]) -> list[int]:
    """Each box's layer: 0 for a box that points nowhere, else one below the lowest box it points to."""
    waiting = [0] * count
    sources: list[list[int]] = [[] for _ in range(count)]
    for source, target in dict.fromkeys(ends):  # two arrows between the same boxes wait as one
        waiting[source] += 1
        sources[target].append(source)
    rank = [0] * count
    ready = collections.deque(node for node, number in enumerate(waiting) if number == 0)
    placed = 0
    while ready:
        node = ready.popleft()
        placed += 1
        for source in sources[node]:
            rank[source] = max(rank[source], rank[node] + 1)
            waiting[source] -= 1
            if waiting[source] == 0:
                ready.append(source)
    if placed != count:
        raise ValueError("the arrows close a cycle: the boxes cannot be layered")
    return rank


def _ordered(layers: list[list[int]], ups: list[list[int]], downs: list[list[int]]) -> list[list[int]]:
    """The layers reordered: first as a depth-first walk from the top, then by barycentre, down, up and down."""
    seen = [False] * len(ups)
    walk: list[int] = []
    for root in layers[0] if layers else []:
        stack = [root]
        while stack:
            node = stack.pop()
            if seen[node]:
                continue
            seen[node] = True
            walk.append(node)
            stack.extend(reversed(downs[node]))
    position = {node: number for number, node in enumerate(walk)}
    layers = [sorted(layer, key=position.__getitem__) for layer in layers]
    # Each box's place in its layer, as a fraction of the layer's width, so that layers of any size compare.
    where = [0.0] * len(ups)
    for layer in layers:
        _note(layer, where)
    down, up = range(1, len(layers)), range(len(layers) - 2, -1, -1)
    for order, neighbours in ((down, ups), (up, downs), (down, ups)):
        for number in order:
            layers[number] = _by_barycentre(layers[number], neighbours, where)
            _note(layers[number], where)
    return layers


def _note(layer: list[int], where: list[float]) -> None:
    for place, node in enumerate(layer):
        where[node] = (place + 0.5) / len(layer)


def _by_barycentre(layer: list[int], neighbours: list[list[int]], where: list[float]) -> list[int]:
    """The layer sorted by the mean place of each box's neighbours; a box without any keeps its place."""
    keys = []
    for place, node in enumerate(layer):
        around = neighbours[node]
        middle = sum(where[n] for n in around) / len(around) if around else where[node]
        keys.append((middle, place, node))
    return [node for _, _, node in sorted(keys)]


def _placed(layers: list[list[int]], ups: list[list[int]], downs: list[list[int]], widths: list[float]) -> list[float]:
    """Each box's centre: packed left to right, then pulled towards its neighbours' centres, keeping the order."""
    xs = [0.0] * len(widths)
    for layer in layers:
        left = 0.0
        for node in layer:
            xs[node] = left + widths[node] / 2
            left += widths[node] + _GAP_X
    down, up = (range(1, len(layers)), ups), (range(len(layers) - 2, -1, -1), downs)
    # Parents over their children, children under their parents, parents again: the shortest arrows of the
    # orders of sweeps tried on the bundled example (about 6 % shorter in total than starting downwards).
    for order, neighbours in (up, down, up):
        for number in order:
            _pull(layers[number], neighbours, xs, widths)
    return xs


def _pull(layer: list[int], neighbours: list[list[int]], xs: list[float], widths: list[float]) -> None:
    """Move each box of the layer towards the mean centre of its neighbours, without overlap or reordering."""
    wanted = [_mean([xs[n] for n in neighbours[node]], default=xs[node]) for node in layer]
    placed: list[float] = []
    for place, node in enumerate(layer):
        lowest = placed[-1] + (widths[layer[place - 1]] + widths[node]) / 2 + _GAP_X if placed else wanted[place]
        placed.append(max(wanted[place], lowest))
    # The left-to-right pass only pushes right: shift the layer back by the mean push.
    back = sum(p - w for p, w in zip(placed, wanted, strict=True)) / len(layer) if layer else 0.0
    for node, x in zip(layer, placed, strict=True):
        xs[node] = x - back


def _mean(values: list[float], default: float) -> float:
    return sum(values) / len(values) if values else default


# Drawing ---------------------------------------------------------------------


def _wrapped(lines: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if len(line) <= _WRAP:  # most lines: no need for textwrap, which is slow
            out.append(line)
            continue
        pieces = textwrap.wrap(line, _WRAP, break_long_words=True, break_on_hyphens=False) or [""]
        if len(pieces) > _MAX_LINES:
            pieces = [*pieces[: _MAX_LINES - 1], pieces[_MAX_LINES - 1][: _WRAP - 1] + "…"]
        out += pieces
    return out


def _text_width(text: str, bold: bool = False) -> float:
    return len(text) * _CHAR_WIDTH * (1.1 if bold else 1.0)


def _width(lines: list[str]) -> float:
    widest = max(_text_width(line, bold=number == 0) for number, line in enumerate(lines))
    return max(widest + 2 * _PAD_X, 80.0)


def _box(box: Box, lines: list[str], x: float, y: float, width: float, height: float) -> str:
    left = x - width / 2
    attributes = "".join(f' data-{name}="{_xml(value)}"' for name, value in box.data)
    paint = f'fill="{box.fill}" stroke="{box.stroke}" stroke-width="1.5"'
    if box.shape == "hexagon":
        inset = min(12.0, width / 4)
        points = [
            (left, y + height / 2),
            (left + inset, y),
            (left + width - inset, y),
            (left + width, y + height / 2),
            (left + width - inset, y + height),
            (left + inset, y + height),
        ]
        outline = f'<polygon points="{" ".join(f"{_n(px)},{_n(py)}" for px, py in points)}" {paint}/>'
    else:
        corner = ' rx="8"' if box.shape == "rounded" else ""
        outline = f'<rect x="{_n(left)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}"{corner} {paint}/>'
    spans = [
        f'<tspan x="{_n(x)}" dy="{0 if number == 0 else _LINE_HEIGHT}"'
        + (' font-weight="bold"' if number == 0 else "")
        + f">{_xml(line)}</tspan>"
        for number, line in enumerate(lines)
    ]
    baseline = y + _PAD_Y + _FONT_SIZE
    return (
        f'<g class="box"{attributes}><title>{_xml(box.tooltip or chr(10).join(box.lines))}</title>{outline}'
        f'<text x="{_n(x)}" y="{_n(baseline)}" text-anchor="middle" fill="#000000">{"".join(spans)}</text></g>'
    )


def _arrow(arrow: Arrow, points: list[tuple[float, float]]) -> str:
    """A curve from the source's top up to the target's bottom, straight through the layers it skips."""
    (x1, y1), (x2, y2) = points[0], points[1]
    path = [f"M {_n(x1)} {_n(y1)}"]
    for number, (x, y) in enumerate(points[1:], start=1):
        px, py = points[number - 1]
        if number % 2 == 0:  # from the bottom of a waypoint to its top: straight up
            path.append(f"L {_n(x)} {_n(y)}")
        else:
            middle = _n((py + y) / 2)
            path.append(f"C {_n(px)} {middle} {_n(x)} {middle} {_n(x)} {_n(y)}")
    end_x, end_y = points[-1]
    # Every curve ends going straight up, so the head is a triangle pointing up at the end.
    head = f"{_n(end_x)},{_n(end_y)} {_n(end_x - 4)},{_n(end_y + 8)} {_n(end_x + 4)},{_n(end_y + 8)}"
    line = (
        f'<path class="arrow" d="{" ".join(path)}" fill="none" stroke="#555555" stroke-width="1.2"'
        f'{_DASHES[arrow.line]} data-source="{_xml(arrow.source)}" data-target="{_xml(arrow.target)}"/>\n'
        f'<polygon points="{head}" fill="#555555"/>'
    )
    if not arrow.label:
        return line
    middle = f'x="{_n((x1 + x2) / 2 + 4)}" y="{_n((y1 + y2) / 2)}"'
    return line + f'\n<text {middle} font-size="10" fill="#555555">{_xml(arrow.label)}</text>'


def _xml(text: str) -> str:
    return html.escape(_NOT_XML.sub("\ufffd", text), quote=True)


def _n(number: float) -> str:
    """A coordinate with at most one decimal, and no ``-0``."""
    text = f"{number:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
