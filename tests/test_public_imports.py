"""What notebooks and documents use from the package still exists.

Every ``from learnorg... import ...``, ``import learnorg...`` and attribute of an imported learnorg module
(``report.profile_chart``) in the code cells of the notebooks in book/ and exercises/ must resolve, and every
``python -m learnorg...`` command named in the README, CONTRIBUTING and the book's pages must be runnable.
A refactoring that moves or renames a public name therefore fails here before it fails a reader.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import re

import pytest

from conftest import ROOT, markdown_text, notebooks, pages


def code_of(notebook) -> str:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        # IPython magics and shell escapes are not Python
        cells.append("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    return "\n\n".join(cells)


def learnorg_uses(source: str) -> list[tuple[str, str | None]]:
    """(module, name) pairs a piece of code needs: ``name`` None means the module itself."""
    tree = ast.parse(source)
    needed: list[tuple[str, str | None]] = []
    bound: dict[str, str] = {}  # local name -> learnorg module it refers to
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "learnorg":
            for alias in node.names:
                needed.append((node.module, alias.name))
                full = f"{node.module}.{alias.name}"
                if importlib.util.find_spec(node.module) and _is_module(full):
                    bound[alias.asname or alias.name] = full
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "learnorg":
                    needed.append((alias.name, None))
                    if alias.asname:
                        bound[alias.asname] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound:
            needed.append((bound[node.value.id], node.attr))
    return list(dict.fromkeys(needed))


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def resolves(module: str, name: str | None) -> bool:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return False
    return name is None or hasattr(mod, name) or _is_module(f"{module}.{name}")


NOTEBOOKS = notebooks()


def test_there_are_notebooks_that_use_the_package():
    assert any(learnorg_uses(code_of(nb)) for nb in NOTEBOOKS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_package_name_a_notebook_uses_exists(notebook):
    broken = [f"{module}{'.' + name if name else ''}" for module, name in learnorg_uses(code_of(notebook))
              if not resolves(module, name)]
    assert not broken, f"{notebook.name} uses names the package no longer has: {broken}"


def test_the_check_can_fail():
    source = ("from learnorg import report\nfrom learnorg.scoring import score_respondents, no_such_function\n"
              "report.profile_chart\nreport.no_such_chart\nimport learnorg.not_a_module\n")
    broken = [(m, n) for m, n in learnorg_uses(source) if not resolves(m, n)]
    assert broken == [("learnorg.scoring", "no_such_function"), ("learnorg.not_a_module", None),
                      ("learnorg.report", "no_such_chart")]


COMMAND = re.compile(r"python -m (learnorg(?:\.[A-Za-z_][A-Za-z0-9_]*)*)")


def documented_commands() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    texts = {p: p.read_text(encoding="utf-8") for p in (ROOT / "README.md", ROOT / "CONTRIBUTING.md")}
    texts.update({p: markdown_text(p) for p in pages()})
    for path, text in texts.items():
        for module in COMMAND.findall(text):
            found.setdefault(module, []).append(str(path.relative_to(ROOT)))
    return found


def test_every_documented_command_exists():
    commands = documented_commands()
    assert "learnorg" in commands
    missing = {m: where for m, where in commands.items()
               if not (_is_module(m) and (_is_module(f"{m}.__main__") or "__main__" in
                                          (importlib.util.find_spec(m).loader.get_source(m) or "")))}
    assert not missing, f"documented 'python -m' commands that do not run: {missing}"
