"""Sphinx extension: a chart too wide to read on a phone scrolls sideways in its own box.

A chart is a PNG shown by a notebook cell (``.cell_output``). Shrunk to a phone's width, its smallest text
(:data:`learnorg.figures.SMALLEST_FONT_PT`, which every chart respects: tests/test_figures.py) measures
``SMALLEST_FONT_PT x shown width / image width in points`` CSS pixels. When the chart's legible width (where
that text is :data:`learnorg.figures.MIN_TEXT_PX`) is more than :data:`learnorg.figures.PHONE_CHART_PX`, the
image is wrapped in ``<div class="lm-chart-scroll ..." style="--lm-chart-width: ...px">``: on a phone,
``_static/lm-theme.css`` keeps the image at least that wide and lets the box scroll. Narrower charts are left alone.
"""

from __future__ import annotations

import math
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from learnorg import __version__
from learnorg.figures import PHONE_CHART_PX, legible_width_px

CLASS = "lm-chart-scroll"
THEME_SCROLL_CLASS = "pst-scrollable-table-container"


class chart_scroll(nodes.container):  # noqa: N801 (docutils names nodes in lower case)
    """A box around a chart image; other builders than HTML treat it as a plain container."""


def visit_chart_scroll(self, node: chart_scroll) -> None:
    # The theme's class for its scrolling table boxes: its script makes the box focusable (tabindex 0) whenever
    # it does scroll, so that the keyboard can scroll it too, and leaves it out of the tab order otherwise.
    self.body.append(f'<div class="{CLASS} {THEME_SCROLL_CLASS}" style="--lm-chart-width: {node["width_px"]}px">')


def depart_chart_scroll(self, node: chart_scroll) -> None:
    self.body.append("</div>")


def image_width_pt(path: Path) -> float | None:
    """The width in points of a PNG that records its resolution (matplotlib does), else None."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            dpi = image.info.get("dpi")
            width = image.size[0]
    except OSError:
        return None
    if not dpi or not dpi[0]:
        return None
    return width / float(dpi[0]) * 72


def wrap_wide_charts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    for image in list(doctree.findall(nodes.image)):
        if not image["uri"].lower().endswith(".png") or isinstance(image.parent, chart_scroll):
            continue
        if not any("cell_output" in a.get("classes", []) for a in _ancestors(image)):
            continue
        width_pt = image_width_pt(Path(app.srcdir) / image["uri"])
        if width_pt is None:
            continue
        legible = legible_width_px(width_pt)
        if legible <= PHONE_CHART_PX:
            continue
        box = chart_scroll(width_px=math.ceil(legible))
        image.replace_self(box)
        box += image


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def setup(app: Sphinx) -> dict:
    app.add_node(chart_scroll, html=(visit_chart_scroll, depart_chart_scroll))
    app.connect("doctree-resolved", wrap_wide_charts)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
