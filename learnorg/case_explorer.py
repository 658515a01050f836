"""An ipywidgets explorer of the case library, for Jupyter, Binder and Colab.

It needs a running kernel: on the static web site, use the gallery page instead. All text taken from a
case file is HTML-escaped before it is shown.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd

from learnorg.cases import BLOCKS, CAPACITIES, EVIDENCE, REGIONS, SHOCK_TYPES, filter_cases, load_cases, years_label

ANY = "Any"


def case_detail_html(case: pd.Series) -> str:
    """An escaped HTML summary of one case (a row of :func:`learnorg.cases.load_cases`)."""
    figures = "".join(
        f"<li>{escape(str(f['value']))} {escape(f['unit'])}: {escape(f['measures'])} "
        f"({escape(str(f['year']))}; source: {escape(f['source'])})</li>"
        for f in case["figures"]
    )
    questions = "".join(f"<li>{escape(q)}</li>" for q in case["questions"])
    lessons = "".join(f"<li>{escape(x)}</li>" for x in case["lessons"])
    return (
        f"<h3>{escape(case['title'])}</h3>"
        f"<p><strong>Countries:</strong> {escape('; '.join(case['countries']))} · "
        f"<strong>Years:</strong> {escape(years_label(case['year_start'], case['year_end']))} · "
        f"<strong>Shock:</strong> {escape(case['shock'])}</p>"
        f"<p><strong>Building blocks:</strong> {escape('; '.join(BLOCKS[b] for b in case['building_blocks']))}<br>"
        f"<strong>Capacities:</strong> {escape('; '.join(CAPACITIES[c] for c in case['capacities']))}<br>"
        f"<strong>Kind of evidence:</strong> {escape(EVIDENCE[case['evidence']])} "
        "<em>(our interpretation)</em></p>"
        f"<p>{escape(case['summary'])}</p>"
        f"<h4>Key figures</h4><ul>{figures}</ul>"
        f"<h4>Discussion questions</h4><ol>{questions}</ol>"
        f"<h4>Lessons for a ministry</h4><ul>{lessons}</ul>"
    )


class CaseExplorer(widgets.VBox):
    """Dropdown filters (block, capacity, region, shock type), the matching cases, and the chosen case."""

    def __init__(self, cases: pd.DataFrame | None = None):
        self.data = load_cases() if cases is None else cases

        def dropdown(description: str, vocabulary: dict[str, str]) -> widgets.Dropdown:
            return widgets.Dropdown(
                options=[(ANY, None), *[(label, key) for key, label in vocabulary.items()]],
                value=None, description=description, style={"description_width": "initial"},
            )

        self.block = dropdown("Building block", BLOCKS)
        self.capacity = dropdown("Capacity", CAPACITIES)
        self.region = dropdown("Region", REGIONS)
        self.shock = dropdown("Type of shock", SHOCK_TYPES)
        self.count = widgets.Label()
        self.cases = widgets.Select(description="Cases", rows=10, layout=widgets.Layout(width="95%"))
        self.detail = widgets.HTML()
        for control in (self.block, self.capacity, self.region, self.shock):
            control.observe(self._refilter, names="value")
        self.cases.observe(self._show, names="value")
        super().__init__([
            widgets.HBox([self.block, self.capacity]), widgets.HBox([self.region, self.shock]),
            self.count, self.cases, self.detail,
        ])
        self._refilter()

    @property
    def listed(self) -> list[str]:
        """Ids of the cases currently listed."""
        return [value for _label, value in self.cases.options]

    def _refilter(self, _change=None) -> None:
        chosen = filter_cases(
            self.data, block=self.block.value, capacity=self.capacity.value,
            region=self.region.value, shock_type=self.shock.value,
        )
        self.cases.options = list(zip(chosen["title"], chosen["id"]))
        self.count.value = f"{len(chosen)} of {len(self.data)} cases match."
        self.cases.value = self.listed[0] if len(chosen) else None
        self._show()

    def _show(self, _change=None) -> None:
        if self.cases.value is None:
            self.detail.value = "<p>No case matches these filters. Set one of them back to Any.</p>"
            return
        row = self.data[self.data["id"] == self.cases.value].iloc[0]
        self.detail.value = case_detail_html(row)


def case_explorer(cases: pd.DataFrame | None = None) -> widgets.Widget:
    """Return the case explorer widget (display it as the last line of a cell)."""
    return CaseExplorer(cases)
