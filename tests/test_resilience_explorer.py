"""The thought-experiment explorer: the HTML for the static site, its embedded scenarios, the widget and the
Sphinx extension that adds its script only where it is used."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from learnorg import resilience_explorer as rx
from learnorg import resilience_model as rm
from learnorg.booktools import sphinx_resilience


@pytest.fixture(scope="module")
def soup():
    return BeautifulSoup(rx.static_html(), "html.parser")


def test_static_html_is_labelled_a_thought_experiment(soup):
    root = soup.select_one('[data-lm-resilience="explorer"]')
    assert root is not None
    assert "Thought experiment — not evidence" in root.select_one(".lm-res-label").get_text()
    assert "not evidence" in root.select_one("figcaption").get_text()
    assert root.select_one("svg title").get_text().startswith("Thought experiment — not evidence")


def test_controls_are_labelled_hidden_until_the_script_runs_and_start_at_the_default(soup):
    controls = soup.select_one(".lm-res-controls")
    assert controls.has_attr("hidden")  # no dead controls without JavaScript
    assert soup.select_one(".lm-nojs") is not None
    inputs = soup.select('input[type="range"]')
    assert [i["data-control"] for i in inputs] == ["delay", "speed", "memory"]
    for i in inputs:
        assert soup.select_one(f'label[for="{i["id"]}"]').get_text().strip()
        assert i["aria-valuetext"] == soup.select_one(f'output[for="{i["id"]}"]').get_text()
    values = [int(i["value"]) for i in inputs]
    assert (rm.DELAYS[values[0]], rm.SPEEDS[values[1]], rm.MEMORIES[values[2]]) == (3, 10.0, 0.5)


def test_first_picture_table_and_summary_show_the_default_run(soup):
    run = rm.simulate(**rm.DEFAULT)
    assert soup.select_one(".lm-res-line")["points"] == rx.points(run)
    cells = [td.get_text() for td in soup.select("td[data-cell]")]
    assert cells == rx.cells(run)
    assert cells[-2:] == ["3.3", "1.8"]  # services lost, first and second shock (by hand in the model tests)
    summary = soup.select_one(".lm-res-summary")
    assert summary["aria-live"] == "polite" and summary.get_text() == rx.summary(run)
    svg = soup.select_one("svg")
    assert svg["role"] == "img" and svg.select_one("desc").get_text() == rx.description(run)
    assert [row.select_one("th").get_text() for row in soup.select("tbody tr")] == [label for _k, label in rx.ROWS]


def test_embedded_scenarios_match_the_model_for_every_setting(soup):
    data = json.loads(soup.select_one("script.lm-res-data").get_text())
    assert [c["key"] for c in data["controls"]] == ["delay", "speed", "memory"]
    scenarios = data["scenarios"]
    for i, delay in enumerate(rm.DELAYS):
        for j, speed in enumerate(rm.SPEEDS):
            for k, memory in enumerate(rm.MEMORIES):
                run = rm.simulate(delay, speed, memory)
                s = scenarios[i][j][k]
                assert s["l"] == pytest.approx(list(run.level))
                assert s["c"] == rx.cells(run) and s["t"] == rx.summary(run)
                assert [m[:2] for m in s["k"]] == [[x.trough_month, x.lowest] for x in run.shocks]
    # The description template the page fills gives the same text as Python.
    run = rm.simulate(6, 5.0, 0.25)
    c = rx.cells(run)
    filled = (data["description"].replace("{0}", c[0]).replace("{1}", c[1]).replace("{2}", c[2])
              .replace("{3}", c[3]).replace("{summary}", rx.summary(run)))
    assert filled == rx.description(run)


def test_embedded_data_cannot_break_out_of_its_script(soup):
    text = soup.select_one("script.lm-res-data").string
    assert "<" not in text and ">" not in text


def test_summary_words_for_no_memory_and_some_memory():
    assert rx.summary(rm.simulate(2, 10, 0)).startswith("With nothing remembered, the second shock costs as much")
    text = rx.summary(rm.simulate(3, 10, 0.5))
    assert "3.3" in text and "1.8" in text and "45% less" in text


def test_one_decimal_rounds_halves_up():
    assert [rx.one_decimal(v) for v in (11.85, 0.25, 3.3, 2.0)] == ["11.9", "0.3", "3.3", "2.0"]


def test_widget_redraws_when_a_slider_moves():
    widget = rx.ExplorerWidget()
    before = widget.picture.value
    assert "3.3" in before
    widget.delay.value = 6
    assert widget.picture.value != before
    assert widget.run.first.depth == 90
    widget.memory.value = 1.0
    assert widget.run.second.detection_delay == 0


def test_mimebundle_has_the_widget_and_the_static_html():
    bundle = rx.explorer()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'data-lm-resilience="explorer"' in bundle["text/html"]
    assert "not evidence" in bundle["text/plain"]


def test_sphinx_extension_adds_assets_only_where_the_explorer_is():
    added = []
    app = SimpleNamespace(add_css_file=lambda f: added.append(f), add_js_file=lambda f, **kw: added.append(f))
    sphinx_resilience.add_assets(app, "book/other", "page.html", {"body": "<p>nothing here</p>"}, None)
    assert added == []
    sphinx_resilience.add_assets(app, "book/learning_and_resilience", "page.html", {"body": rx.static_html()}, None)
    assert added == ["learnorg-resilience/resilience.css", "learnorg-resilience/resilience.js"]
    for name in sphinx_resilience.ASSETS:
        assert (sphinx_resilience.WEB / name).is_file()


def test_memory_table_and_figure():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = rx.memory_runs(4, 10.0)
    table = rx.memory_table(runs)
    # By hand (see the model tests): 4.6 months lost at the first shock; 4.6, 1.8 and 0.4 at the second.
    assert list(table["Services lost, second shock (months)"]) == ["4.6", "1.8", "0.4"]
    assert list(table["Second detection delay (months)"]) == [4, 2, 0]
    fig = rx.memory_figure(runs)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Thought experiment — not evidence"
    assert {t.get_text() for t in ax.texts} >= {"memory 0%: lowest 30%", "memory 100%: lowest 70%", "Shock 1"}
    assert len({line.get_linestyle() for line in ax.lines[:3]}) == 3
    plt.close(fig)
