"""``python -m learnorg``: the command line (see :mod:`learnorg.cli`)."""

import sys

from learnorg.cli import main

if __name__ == "__main__":
    sys.exit(main())
