"""The book builds strictly: any Sphinx warning fails the build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_strict_build(tmp_path):
    jb = Path(sys.executable).parent / "jupyter-book"
    command = [str(jb) if jb.exists() else "jupyter-book", "build", str(ROOT), "-W", "-n", "--keep-going",
               "--path-output", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"strict build failed:\n{log[-6000:]}"
    assert "warning" not in log.lower().replace("-w", ""), log[-6000:]
    html = tmp_path / "_build" / "html"
    assert (html / "book" / "index.html").is_file()
    assert (html / "book" / "why_health_systems_need_to_learn.html").is_file()
    shutil.rmtree(tmp_path / "_build" / ".jupyter_cache", ignore_errors=True)
