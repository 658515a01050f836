"""Read survey exports (CSV, TSV or Excel, one row per respondent) and check every cell.

Problems are collected, not raised one at a time: :class:`SurveyInputError` lists all of them, each naming
the file, the spreadsheet row a user sees (header = row 1) and the column. What a cell may hold is defined
once, in :mod:`learnorg.answers` (shared with the browser form). Rules that change what the file means:

* surrounding spaces are removed from every cell; empty cells, ``NA`` and ``N/A`` are missing answers;
* answers are whole numbers on the instrument's scale (in any common digit set; ``5`` and ``5.0`` both mean
  5), scale labels in any language of the instrument, or codes of a value map (``--value-map``, ``--form``);
* headers are item ids, group paths ending in an item id (``grp_x/SP1``, ``grp_x-SP1``), item texts (alone or
  after a group label and ``/``), grid headings whose bracketed part is an item id or text
  (``Please rate [statement]``), or lines of a mapping file; other columns (``_uuid``, ``start``,
  ``SubmissionDate``, ``KEY`` …) are kept as text, a repeated name getting a suffix;
* only a duplicated *item* column is an error;
* rows that are not respondents are left out with a note: empty rows, rows repeating the header or holding
  HXL hashtags, and rows that answer no item (REDCap event rows);
* submissions a platform marks incomplete or rejected (LimeSurvey, REDCap, ODK Central, SurveyCTO,
  KoboToolbox) are reported, and left out with ``exclude_incomplete=True``.

The modules: :mod:`~learnorg.readers.text` (CSV encodings, delimiters, chunked reading),
:mod:`~learnorg.readers.excel`, :mod:`~learnorg.readers.columns` (header row and column matching),
:mod:`~learnorg.readers.valuemaps`, :mod:`~learnorg.readers.body` (the rows, in one pass),
:mod:`~learnorg.readers.rows` (ids, submission status) and :mod:`~learnorg.readers.survey` (``read_survey``,
whose steps are functions of their own).
"""

from learnorg.readers.problems import MAX_KEPT, MAX_LISTED, Problem, SurveyInputError
from learnorg.readers.rows import ID_COLUMN_NAMES
from learnorg.readers.survey import Survey, read_survey

__all__ = ["ID_COLUMN_NAMES", "MAX_KEPT", "MAX_LISTED", "Problem", "Survey", "SurveyInputError", "read_survey"]
