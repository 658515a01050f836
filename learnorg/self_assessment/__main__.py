"""``python -m learnorg.self_assessment vectors PATH [--check]``: write or check the shared test vectors."""

import sys

from learnorg.self_assessment.vectors import main

if __name__ == "__main__":
    sys.exit(main())
