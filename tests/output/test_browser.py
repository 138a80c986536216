"""The HTML page as a person sees it: the system's Chromium at 1366x768, with every network request refused.

Chromium comes from the system packages (``.ci/run`` installs it); Playwright
only drives it, so ``playwright install`` is never needed.
"""

from __future__ import annotations

import pathlib
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

import goalgraph
from tests import builders
from tests.builders import objective, owner

# Each test drives a real Chromium: end to end, so all of them are slow.
pytestmark = pytest.mark.slow

AS_OF = "2026-11-16"
WIDTH, HEIGHT = 1366, 768
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if pathlib.Path("/usr/bin/chromium").exists() else None)
    if found is None:
        pytest.fail(
            "Chromium is missing: .ci/run installs it from the system packages "
            "(apt-get install chromium); run that or install it yourself",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=_chromium(), args=ARGS)
        yield launched
        launched.close()


class Visit:
    """One page opened from a file, with every request it attempted."""

    def __init__(self, browser: Browser, path: pathlib.Path) -> None:
        self.url = path.as_uri()
        self.requests: list[str] = []
        self.page: Page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        self.page.route("**/*", self._route)
        self.page.goto(self.url)

    def _route(self, route: Route) -> None:
        self.requests.append(route.request.url)
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()


@pytest.fixture(scope="module")
def example() -> goalgraph.GoalGraph:
    return goalgraph.load_example()


@pytest.fixture(scope="module")
def visit(browser: Browser, example: goalgraph.GoalGraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Visit]:
    path = tmp_path_factory.mktemp("page") / "acme.html"
    path.write_text(goalgraph.render(example, "html", as_of=AS_OF), encoding="utf-8")
    opened = Visit(browser, path)
    yield opened
    opened.page.close()


def test_the_page_asks_for_nothing_but_itself(visit: Visit) -> None:
    assert visit.requests == [visit.url]


def test_a_screenshot_shows_something(visit: Visit, tmp_path: pathlib.Path) -> None:
    shot = tmp_path / "page.png"
    visit.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a blank 1366x768 PNG is a few kilobytes


def test_one_element_per_objective_and_key_result(visit: Visit, example: goalgraph.GoalGraph) -> None:
    page = visit.page
    assert page.locator('[data-kind="objective"]').count() == len(example.objectives)
    assert page.locator('[data-kind="key_result"]').count() == len(example.key_results)
    shown = page.eval_on_selector_all("[data-node-id]", "nodes => nodes.map(n => n.dataset.nodeId)")
    assert sorted(shown) == sorted(example.iter_nodes())


def test_top_level_objectives_show_their_score(visit: Visit, example: goalgraph.GoalGraph) -> None:
    card = goalgraph.score(example, as_of=AS_OF)
    tops = [node for node in example.objectives if not any(example.nx.succ[node])]
    assert "acme-q4-1" in tops
    for node in tops:
        item = visit.page.locator(f'[data-node-id="{node}"]')
        row = item.locator("> details > summary")
        assert row.locator(".pct").inner_text() == f"{round(card[node].score * 100)}%"
        assert float(item.get_attribute("data-score") or "nan") == card[node].score
        bar = row.locator(".bar").evaluate("b => [b.clientWidth, b.firstElementChild.getBoundingClientRect().width]")
        assert bar[0] > 50
        assert abs(bar[1] / bar[0] - card[node].score) < 1.5 / bar[0]  # within a pixel and a half
        assert row.locator(".band").inner_text() == str(card[node].grade_band)


BAND_RGB = {
    "green": "rgb(46, 125, 50)",
    "yellow": "rgb(166, 124, 0)",
    "red": "rgb(198, 40, 40)",
    None: "rgb(117, 117, 117)",
}
HEALTH_BAND = {"green": "green", "amber": "yellow", "red": "red"}


def test_each_node_is_painted_in_its_own_band_not_its_parents(visit: Visit, example: goalgraph.GoalGraph) -> None:
    card = goalgraph.score(example, as_of=AS_OF)
    painted = visit.page.eval_on_selector_all(
        "li.node",
        """items => items.map(li => {
            const row = li.querySelector(':scope > .row, :scope > details > summary > .row');
            const colour = element => element && getComputedStyle(element).backgroundColor;
            return [li.dataset.nodeId, getComputedStyle(row).borderLeftColor,
                    colour(row.querySelector('.fill')), colour(row.querySelector('.band, .health'))];
        })""",
    )
    assert len(painted) == len(card)
    for node, border, fill, badge in painted:
        result = card[node]
        band = HEALTH_BAND.get(str(result.health)) if result.kind == "kpi" else result.grade_band
        assert border == badge == BAND_RGB[band], node
        assert fill == (None if result.kind == "kpi" else BAND_RGB[band]), node


def test_every_finding_is_listed(visit: Visit, example: goalgraph.GoalGraph) -> None:
    findings = goalgraph.check(example, as_of=AS_OF)
    assert findings  # the example keeps a few problems on purpose
    listed = visit.page.locator("#findings li.finding")
    assert listed.count() == len(findings)
    first = findings[0]
    text = listed.first.inner_text()
    assert first.code in text
    assert first.message in text
    assert first.hint in text


def test_the_page_fits_a_laptop_screen(visit: Visit) -> None:
    assert visit.page.evaluate("document.scrollingElement.scrollWidth") <= WIDTH
    assert visit.page.evaluate("document.documentElement.lang") == "en"
    assert visit.page.title() == f"Acme Cloud: goals as of {AS_OF}"


PAYLOAD = '<script>window.pwned = true</script><img src=x onerror="window.pwned = true">'


def test_a_hostile_title_stays_text(browser: Browser, tmp_path: pathlib.Path) -> None:
    graph = builders.graph(objective("O1", title=PAYLOAD), owners=[owner(name=PAYLOAD)])
    path = tmp_path / "hostile.html"
    path.write_text(goalgraph.render(graph, "html", as_of="2026-08-01"), encoding="utf-8")
    visit = Visit(browser, path)
    try:
        assert visit.page.evaluate("window.pwned === undefined")
        assert visit.page.locator('[data-node-id="O1"] .title').inner_text() == PAYLOAD
        assert visit.page.locator("h1").inner_text() == PAYLOAD
        assert visit.page.locator("script, img").count() == 0
        assert visit.requests == [visit.url]
    finally:
        visit.page.close()
