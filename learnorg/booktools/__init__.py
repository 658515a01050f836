"""Build-time tooling of the book, kept apart from the survey toolkit.

- :mod:`learnorg.booktools.sphinx_cases` and :mod:`learnorg.booktools.sphinx_selfscore`: Sphinx extensions
  (listed under ``sphinx: extra_extensions`` in ``_config.yml``);
- :mod:`learnorg.booktools.offline`: the site as a zip and the book as a PDF
  (``python -m learnorg.booktools.offline zip|pdf``);
- :mod:`learnorg.booktools.launch`: the Colab setup cell of every notebook (``python -m learnorg.booktools.launch``);
- :mod:`learnorg.booktools.toc`: one reader of ``_toc.yml``.
"""
