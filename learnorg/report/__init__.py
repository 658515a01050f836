"""Charts, tables and a self-contained HTML report for learning-organization survey scores.

Every chart is readable in greyscale (hatching, marker shapes and printed values carry the meaning, never colour
alone) and has a table equivalent (``*_table`` functions). The report is drawn from results computed once by
:func:`learnorg.results.compute_results` (:func:`render_report`), or computed and drawn in one call
(:func:`build_report`).

The package is split by concern: :mod:`~learnorg.report.tables`, :mod:`~learnorg.report.charts` and
:mod:`~learnorg.report.html`. To link a dimension to its chapter of the book, add it to ``CHAPTER_PAGES``
(the dict itself: ``report.CHAPTER_PAGES["leadership"] = "book/leadership"``).
"""

from __future__ import annotations

from learnorg.report.charts import (BLOCK_COLOUR, DIMENSION_COLOUR, REFERENCE_MARKERS, WAVE_MARKERS, heatmap_chart,
                                    profile_chart, wave_chart)
from learnorg.report.html import build_report, render_report
from learnorg.report.tables import (BOOK_URL, CHAPTER_PAGES, CODEBOOK_PAGE, DIAGNOSTIC, chapter_link,
                                    dimensions_table, heatmap_table, profile_table, strengths_and_gaps, wave_table)

__all__ = [
    "BLOCK_COLOUR", "BOOK_URL", "CHAPTER_PAGES", "CODEBOOK_PAGE", "DIAGNOSTIC", "DIMENSION_COLOUR",
    "REFERENCE_MARKERS", "WAVE_MARKERS", "build_report", "chapter_link", "dimensions_table", "heatmap_chart",
    "heatmap_table", "profile_chart", "profile_table", "render_report", "strengths_and_gaps", "wave_chart",
    "wave_table",
]
