"""The package installs with its data, and works from a plain (non-editable) install.

The wheel is built from a copy of the package's sources in a temporary folder: setuptools writes ``build/``
and ``*.egg-info`` beside the sources, and the tests write nothing into the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("learnorg", "data"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(out)],
        check=True, cwd=out,
    )
    (path,) = out.glob("learnorg-*.whl")
    return path


def test_wheel_carries_the_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    data_files = {n for n in names if n.startswith("learnorg/data/")}
    shipped = {
        "learnorg/data/" + str(p.relative_to(ROOT / "data"))
        for p in (ROOT / "data").rglob("*")
        if p.is_file() and p.suffix in {".csv", ".yaml", ".md"}
    }
    assert shipped, "no data files found in the checkout"
    assert shipped <= data_files, f"missing from the wheel: {sorted(shipped - data_files)[:5]}"
    packages = {str(p.parent.relative_to(ROOT)) for p in (ROOT / "learnorg").rglob("__init__.py")}
    missing = {p for p in packages if f"{p}/__init__.py" not in names}
    assert not missing, f"subpackages left out of the wheel (pyproject.toml, [tool.setuptools] packages): {missing}"
    assert not any(n.startswith(("tests/", "book/")) for n in names)


def test_plain_install_finds_its_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
    )
    code = (
        "import learnorg, pathlib; d = learnorg.data_dir(); "
        "print(d); assert (d / 'README.md').is_file()"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert str(target) in result.stdout, result.stdout
