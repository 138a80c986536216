"""The documentation site: it builds with no warning, and every internal link in it leads somewhere.

Sphinx's ``-n -W`` already fails on a cross-reference it cannot resolve
(``:doc:``, ``:ref:``, ``:func:``...). The link check here reads the built
pages as a browser would: every relative ``href`` and ``src`` must name a
file of the site, and every ``#fragment`` an element of that page. The
README's links into the repository are checked too.
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


class Page(HTMLParser):
    """The ids a page defines and the links it makes."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value or "")
            if name in ("href", "src") and value is not None and tag != "svg":
                self.links.append(value)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("docs") / "html"
    command = [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-q", "-b", "html", "docs", str(out)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def pages(site: pathlib.Path) -> dict[pathlib.Path, Page]:
    return {path: Page(path.read_text(encoding="utf-8")) for path in sorted(site.rglob("*.html"))}


@pytest.mark.slow
def test_the_site_builds_without_warnings_and_has_every_page(site):
    built = {path.stem for path in site.glob("*.html")}
    written = {path.stem for path in DOCS.glob("*.rst")}
    assert written <= built
    for page in ("getting-started", "concepts", "scoring", "checks", "kpis", "custom-rules", "property-testing"):
        assert page in written
    for page in ("embedding", "guarantees", "performance", "api", "changelog", "design"):
        assert page in written


@pytest.mark.slow
def test_every_internal_link_and_anchor_resolves(site, pages):
    broken = []
    checked = 0
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # the outside world: not checked here (no network)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            checked += 1
            if site.resolve() not in target.parents and target != site.resolve():
                broken.append(f"{path.relative_to(site)}: {link} leaves the site")
            elif target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {link} names no file")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else Page(target.read_text(encoding="utf-8")).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(site)}: {link} names no element of {target.name}")
    assert broken == []
    assert checked > 1000  # the check saw the site's links (API cross-references, the index, the navigation)


def test_a_broken_link_would_be_found():
    page = Page('<a href="nowhere.html#x">x</a><p id="here"></p><a name="old"></a><img src="pic.png">')
    assert page.links == ["nowhere.html#x", "pic.png"]
    assert page.ids == {"here", "old"}


@pytest.mark.slow
def test_the_diagrams_are_drawn_into_the_pages(site):
    design = (site / "design.html").read_text(encoding="utf-8")
    architecture = design[design.index('<div class="goalgraph-diagram">') :]
    assert architecture.count('<g class="box"') == 15  # one box per layer
    assert "_scoring" in architecture
    assert "_cli" in architecture
    rendering = (site / "rendering.html").read_text(encoding="utf-8")
    assert rendering.count('data-node-id="O1"') == 1
    assert 'data-node-id="traffic"' in rendering


def test_the_readme_links_resolve_and_reach_the_site():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", readme)
    relative = [link for link in links if not urlsplit(link).scheme]
    assert relative
    for link in relative:
        assert (ROOT / urlsplit(link).path).exists(), link
    pages = {pathlib.Path(urlsplit(link).path).stem for link in relative if link.startswith("docs/")}
    for page in ("getting-started", "concepts", "scoring", "checks", "kpis", "custom-rules", "design"):
        assert page in pages, page
