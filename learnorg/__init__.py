"""learnorg: the reusable code and data access of the Learning Ministries course.

Notebooks stay thin: they import from here and never read files by relative path.
"""

from learnorg.paths import data_dir, data_path

__version__ = "0.1.0"

__all__ = ["__version__", "data_dir", "data_path"]
