"""The interactive thought experiment of the chapter "Learning and resilience": sliders in Jupyter, and the same
controls on the static site without a kernel.

:func:`explorer` returns an object whose ``_repr_mimebundle_`` holds both an ipywidgets view (three sliders and
the picture, redrawn by Python) and a ``text/html`` version for the book. The HTML version embeds every scenario
the sliders can reach, precomputed by :mod:`learnorg.resilience_model`, as JSON; ``learnorg/web/resilience.js``
(added only to pages that need it by :mod:`learnorg.booktools.sphinx_resilience`) switches between them when a reader moves
a control. Both views draw the same inline SVG chart, a table of the numbers and a one-sentence summary, and both
say plainly that this is a thought experiment, not evidence.
"""

from __future__ import annotations

import math
from html import escape

from learnorg.display import json_script
from learnorg.resilience_model import (BASELINE, DEFAULT, DELAYS, HORIZON, MEMORIES, SHOCK_MONTHS, SPEEDS,
                                       THRESHOLD, Run, scenario_grid, simulate)

LABEL = "Thought experiment — not evidence"
NOTE = ("The service, the shocks and every number here are invented. The picture shows what follows if the "
        "model's assumptions hold; it cannot show that learning makes a real health system more resilient.")
NO_SCRIPT = ("The controls need JavaScript, which seems to be off. The picture and table show the default settings; "
             "in Jupyter, Binder or Colab the same controls work as sliders.")

# Chart geometry (SVG user units). Python draws the first picture; the browser script reuses these numbers.
WIDTH, HEIGHT = 640, 330
LEFT, RIGHT, TOP, BOTTOM = 58, 18, 30, 56
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

ROWS = (
    ("delay", "Detection delay (months before the response starts)"),
    ("speed", "Recovery speed (points of normal service regained a month)"),
    ("depth", "Depth of the fall (points below normal)"),
    ("below", "Months below 90% of normal"),
    ("recover", "Months until back to normal"),
    ("lost", "Services lost (months of normal service)"),
)

CONTROLS = (
    {"key": "delay", "label": "Detection delay: months before anyone responds",
     "values": list(DELAYS), "text": [f"{d} month{'s' if d != 1 else ''}" for d in DELAYS]},
    {"key": "speed", "label": "Speed of adaptation: points of normal service regained each month",
     "values": list(SPEEDS), "text": [f"{s:g} points a month" for s in SPEEDS]},
    {"key": "memory", "label": "Memory: share of the first shock's lessons still in use at the second",
     "values": list(MEMORIES), "text": [f"{round(m * 100)}%" for m in MEMORIES]},
)


# ------------------------------------------------------------------------------------------- numbers and words

def one_decimal(value: float) -> str:
    """One decimal, halves rounded up (the same in Python and in the page)."""
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}"


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def cells(run: Run) -> list[str]:
    """The table's cells, row by row (first shock, second shock), as shown to the reader."""
    out = []
    for key, _label in ROWS:
        for shock in run.shocks[:2]:
            if key == "delay":
                out.append(str(shock.detection_delay))
            elif key == "speed":
                out.append(_num(shock.adaptation_speed))
            elif key == "depth":
                out.append(_num(shock.depth))
            elif key == "below":
                out.append(str(shock.months_below_threshold))
            elif key == "recover":
                out.append("not within 30 months" if shock.months_to_recover is None else str(shock.months_to_recover))
            else:
                out.append(one_decimal(shock.services_lost))
    return out


def summary(run: Run) -> str:
    """One sentence comparing the two shocks (read aloud to screen-reader users when the settings change)."""
    first, second = run.first, run.second
    lost1, lost2 = one_decimal(first.services_lost), one_decimal(second.services_lost)
    if run.memory == 0:
        return (f"With nothing remembered, the second shock costs as much as the first: {lost1} months of normal "
                f"service each, and each fall reaches {_num(first.lowest)}% of normal.")
    share = 100 * (first.services_lost - second.services_lost) / first.services_lost
    return (f"The first shock costs {lost1} months of normal service and the second {lost2}: "
            f"{round(share)}% less, because in this model {round(run.memory * 100)}% of the lessons were kept. "
            f"The lowest point is {_num(first.lowest)}% of normal the first time and {_num(second.lowest)}% the second.")


DESCRIPTION = ("Line chart of a service over {horizon} months, in percent of normal. Shocks hit in months {s1} and "
               "{s2}. Detection delay {0} months, then {1}; recovery speed {2}, then {3} points a month. {summary}")


def description(run: Run) -> str:
    """A text alternative for the chart (the page script fills the same template)."""
    c = cells(run)
    return DESCRIPTION.format(c[0], c[1], c[2], c[3], horizon=HORIZON, s1=SHOCK_MONTHS[0], s2=SHOCK_MONTHS[1],
                              summary=summary(run))


# ------------------------------------------------------------------------------------------- drawing

def x_of(month: float) -> float:
    return round(LEFT + month * PLOT_W / (HORIZON - 1), 1)


def y_of(level: float) -> float:
    return round(TOP + (BASELINE - level) * PLOT_H / BASELINE, 1)


def points(run: Run) -> str:
    return " ".join(f"{x_of(t):g},{y_of(v):g}" for t, v in enumerate(run.level))


def trough_label(level: float) -> str:
    return f"lowest {_num(level)}%"


def svg(run: Run, uid: str) -> str:
    """The chart as inline SVG, drawn in the text colour (so it works in light and dark themes and in print)."""
    parts = [f'<svg class="lm-res-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="{uid}-title {uid}-desc" xmlns="http://www.w3.org/2000/svg" '
             'font-family="inherit" font-size="13" fill="currentColor">',
             f'<title id="{uid}-title">{escape(LABEL)}: a service hit by two shocks</title>',
             f'<desc id="{uid}-desc" class="lm-res-desc">{escape(description(run))}</desc>']
    for level in (0, 25, 50, 75, 100):
        y = y_of(level)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="currentColor" '
                     'stroke-opacity="0.2"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end">{level}%</text>')
    for month in range(0, HORIZON, 12):
        x = x_of(month)
        parts.append(f'<line x1="{x}" x2="{x}" y1="{TOP + PLOT_H}" y2="{TOP + PLOT_H + 5}" stroke="currentColor"/>')
        parts.append(f'<text x="{x}" y="{TOP + PLOT_H + 20}" text-anchor="middle">{month}</text>')
    parts.append(f'<text x="{LEFT + PLOT_W / 2:g}" y="{HEIGHT - 8}" text-anchor="middle">Month</text>')
    parts.append(f'<text transform="translate(14 {TOP + PLOT_H / 2:g}) rotate(-90)" text-anchor="middle">'
                 'Service (% of normal)</text>')
    y90 = y_of(THRESHOLD)
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y90}" y2="{y90}" stroke="currentColor" '
                 'stroke-dasharray="6 4"/>')
    parts.append(f'<text x="{WIDTH - RIGHT}" y="{y90 + 15}" text-anchor="end" font-size="12">90% of normal</text>')
    for n, month in enumerate(SHOCK_MONTHS, start=1):
        x = x_of(month)
        parts.append(f'<line x1="{x}" x2="{x}" y1="{TOP}" y2="{TOP + PLOT_H}" stroke="currentColor" '
                     'stroke-dasharray="2 3"/>')
        parts.append(f'<text x="{x}" y="{TOP - 10}" text-anchor="middle" font-weight="bold">Shock {n}</text>')
    parts.append(f'<polyline class="lm-res-line" points="{points(run)}" fill="none" stroke="currentColor" '
                 'stroke-width="2.5" stroke-linejoin="round"/>')
    for n, shock in enumerate(run.shocks[:2]):
        x, y = x_of(shock.trough_month), y_of(shock.lowest)
        anchor_y = y + 18 if shock.lowest > 12 else y - 10
        parts.append(f'<g class="lm-res-trough" data-shock="{n}">'
                     f'<circle cx="{x}" cy="{y}" r="5" fill="none" stroke="currentColor" stroke-width="2"/>'
                     f'<text x="{x + 8}" y="{anchor_y}">{escape(trough_label(shock.lowest))}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def table(run: Run, caption: str = "The numbers behind the picture") -> str:
    head = '<th scope="col">Measure</th><th scope="col">First shock</th><th scope="col">Second shock</th>'
    values = cells(run)
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th>'
        f'<td data-cell="{2 * i}">{escape(values[2 * i])}</td><td data-cell="{2 * i + 1}">{escape(values[2 * i + 1])}</td></tr>'
        for i, (_key, label) in enumerate(ROWS))
    return (f'<table class="learnorg-table lm-res-table"><caption>{escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def picture_html(run: Run, uid: str = "lm-res") -> str:
    """Chart, caption, table and summary for one run (the part both views share)."""
    return (f'<figure class="lm-res-figure">{svg(run, uid)}'
            f'<figcaption>{escape(LABEL)}. A made-up service indicator hit by two identical shocks, 30 months '
            'apart. Circles mark the lowest point after each shock; the dashed line is 90% of normal.</figcaption>'
            f'</figure>{table(run)}<p class="lm-res-summary" aria-live="polite">{escape(summary(run))}</p>')


# ------------------------------------------------------------------------------------------- the two views

def _index(values, value) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - value))


def explorer_json() -> dict:
    """Everything the page script needs: the controls, the chart geometry and every scenario's numbers.

    Per scenario: ``l`` the monthly levels, ``k`` one ``[month, lowest, label]`` per shock, ``c`` the table's
    cells and ``t`` the summary sentence. Scenarios are indexed ``[delay][speed][memory]``, like the controls.
    """
    grid = scenario_grid()
    scenarios = [[[{"l": [_compact(v) for v in run.level],
                    "k": [[s.trough_month, _compact(s.lowest), trough_label(s.lowest)] for s in run.shocks[:2]],
                    "c": cells(run), "t": summary(run)}
                   for run in by_speed] for by_speed in by_delay] for by_delay in grid]
    description_template = DESCRIPTION.replace("{horizon}", str(HORIZON)).replace("{s1}", str(SHOCK_MONTHS[0]))
    return {
        "controls": [{k: c[k] for k in ("key", "text")} for c in CONTROLS],
        "geometry": {"left": LEFT, "top": TOP, "width": PLOT_W, "height": PLOT_H, "months": HORIZON,
                     "baseline": BASELINE},
        "description": description_template.replace("{s2}", str(SHOCK_MONTHS[1])),
        "scenarios": scenarios,
    }


def _compact(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def static_html(uid: str = "lm-res") -> str:
    """The explorer for the static site: working controls (with JavaScript), the default picture without it."""
    run = simulate(**DEFAULT)
    start = {"delay": _index(DELAYS, DEFAULT["detection_delay"]), "speed": _index(SPEEDS, DEFAULT["adaptation_speed"]),
             "memory": _index(MEMORIES, DEFAULT["memory"])}
    parts = [f'<div class="lm-res" data-lm-resilience="explorer" id="{uid}">',
             f'<p class="lm-res-label"><strong>{escape(LABEL)}.</strong> {escape(NOTE)}</p>',
             json_script(explorer_json(), "lm-res-data"),
             f'<p class="lm-nojs">{escape(NO_SCRIPT)}</p>',
             '<div class="lm-res-controls screen-only" hidden>']
    for control in CONTROLS:
        key, i = control["key"], start[control["key"]]
        cid = f"{uid}-{key}"
        parts.append(f'<div class="lm-res-control"><label for="{cid}">{escape(control["label"])}</label> '
                     f'<input type="range" id="{cid}" data-control="{key}" min="0" max="{len(control["values"]) - 1}" '
                     f'step="1" value="{i}" aria-valuetext="{escape(control["text"][i])}"> '
                     f'<output for="{cid}" class="lm-res-value">{escape(control["text"][i])}</output></div>')
    parts.append("</div>")
    parts.append(picture_html(run, uid))
    parts.append("</div>")
    return "\n".join(parts)


class ExplorerWidget:
    """Three ipywidgets sliders and the picture, redrawn by Python (needs a running kernel)."""

    def __init__(self, uid: str = "lm-res-live"):
        import ipywidgets as w

        self.uid = uid
        style = {"description_width": "initial"}
        layout = w.Layout(width="95%")
        self.delay = w.SelectionSlider(options=[(t, v) for t, v in zip(CONTROLS[0]["text"], DELAYS)],
                                       value=DEFAULT["detection_delay"], description=CONTROLS[0]["label"],
                                       style=style, layout=layout)
        self.speed = w.SelectionSlider(options=[(t, v) for t, v in zip(CONTROLS[1]["text"], SPEEDS)],
                                       value=DEFAULT["adaptation_speed"], description=CONTROLS[1]["label"],
                                       style=style, layout=layout)
        self.memory = w.SelectionSlider(options=[(t, v) for t, v in zip(CONTROLS[2]["text"], MEMORIES)],
                                        value=DEFAULT["memory"], description=CONTROLS[2]["label"],
                                        style=style, layout=layout)
        self.picture = w.HTML()
        header = w.HTML(f'<p><strong>{escape(LABEL)}.</strong> {escape(NOTE)}</p>')
        for slider in (self.delay, self.speed, self.memory):
            slider.observe(lambda _change: self.redraw(), names="value")
        self.view = w.VBox([header, self.delay, self.speed, self.memory, self.picture])
        self.redraw()

    @property
    def run(self) -> Run:
        return simulate(self.delay.value, self.speed.value, self.memory.value)

    def redraw(self) -> None:
        self.picture.value = picture_html(self.run, self.uid)


class Explorer:
    """The thought experiment for a notebook cell: sliders in Jupyter, working HTML controls on the static site."""

    def __init__(self):
        self._widget: ExplorerWidget | None = None

    @property
    def widget(self) -> ExplorerWidget:
        if self._widget is None:
            self._widget = ExplorerWidget()
        return self._widget

    def html(self) -> str:
        return static_html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget.view._repr_mimebundle_() or {})
        bundle["text/html"] = self.html()
        bundle["text/plain"] = f"{LABEL}: detection delay, speed of adaptation and memory between two shocks"
        return bundle


def explorer() -> Explorer:
    """The chapter's interactive thought experiment (see :mod:`learnorg.resilience_model` for the model)."""
    return Explorer()


# ------------------------------------------------------------------------------------------- a static figure

def memory_runs(detection_delay: int = 4, adaptation_speed: float = 10.0, memories=(0.0, 0.5, 1.0)) -> list[Run]:
    """The same two shocks with less or more remembered from the first (for a printable figure and its table)."""
    return [simulate(detection_delay, adaptation_speed, m) for m in memories]


def memory_table(runs: list[Run]):
    """One row per run: what the second shock cost, next to the first."""
    import pandas as pd

    return pd.DataFrame([{
        "Memory kept": f"{round(r.memory * 100)}%",
        "Second detection delay (months)": r.second.detection_delay,
        "Second recovery speed (points a month)": _num(r.second.adaptation_speed),
        "Lowest point, second shock (% of normal)": _num(r.second.lowest),
        "Months below 90%, second shock": r.second.months_below_threshold,
        "Services lost, first shock (months)": one_decimal(r.first.services_lost),
        "Services lost, second shock (months)": one_decimal(r.second.services_lost),
    } for r in runs])


def memory_figure(runs: list[Run]):
    """The runs on one chart, one line style and a text label per memory level (labelled 'Thought experiment')."""
    import matplotlib.pyplot as plt

    from learnorg.figures import PHONE_WIDTH_IN

    styles = ("-", "--", ":", "-.")
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 3.8), layout="constrained")
    for n, run in enumerate(runs):
        ax.plot(range(HORIZON), run.level, color="black", lw=2 if n == 0 else 1.6, linestyle=styles[n % len(styles)],
                label=f"memory {round(run.memory * 100)}%")
        second = run.second
        ax.annotate(f"memory {round(run.memory * 100)}%: lowest {_num(second.lowest)}%",
                    (second.trough_month, second.lowest), xytext=(SHOCK_MONTHS[1] + 14, second.lowest - 2),
                    textcoords="data", fontsize=9, va="center", arrowprops={"arrowstyle": "-", "lw": 0.6})
    ax.axhline(THRESHOLD, color="black", lw=0.8, ls=(0, (6, 4)))
    for n, month in enumerate(SHOCK_MONTHS, start=1):
        ax.axvline(month, color="black", lw=0.8, ls=":")
        ax.annotate(f"Shock {n}", (month, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -3),
                    textcoords="offset points", va="top", fontsize=9, fontweight="bold")
    # Room above the lines for the shock labels, and beyond the last month for the lowest-point labels.
    ax.set_ylim(0, 115)
    ax.set_xlim(0, HORIZON + 18)
    ax.set_xticks(range(0, HORIZON, 12))
    ax.set_yticks(range(0, 101, 20))
    ax.set_xlabel("Month")
    ax.set_ylabel("Service (% of normal)")
    ax.set_title(f"{LABEL}", loc="left", fontsize=10)
    ax.legend(loc="lower left", frameon=False, fontsize=9)  # below the first trough, clear of the labels
    ax.spines[["top", "right"]].set_visible(False)
    return fig
