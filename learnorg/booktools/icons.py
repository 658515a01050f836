"""The theme's icons without Font Awesome's 1.5 MB script: a subset of its icon fonts.

The book's theme marks icons as ``<span class="fa-solid fa-bars">`` and draws others from CSS (admonition titles,
breadcrumbs, download links). It loads Font Awesome's script (about 540 kB compressed) to turn the spans into
SVG; without the script the same icons come from the icon fonts the theme's stylesheet declares (about 280 kB).
:func:`write_icon_fonts` keeps only the glyphs our pages use: it subsets the three fonts to those code points
and writes a stylesheet that points the theme's font families at the subsets (a few kilobytes in all).
Font Awesome Free fonts are licensed SIL OFL 1.1 (https://fontawesome.com/license/free).

Run ``python -m learnorg.booktools.icons OUT_DIR`` to write the fonts and ``learnorg-icons.css`` into a folder.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Icon classes the theme templates put on our pages (a test checks the built site uses no other).
ICONS = (
    "angle-left", "angle-right", "arrow-up", "bars", "chevron-down", "circle-half-stroke", "download", "expand",
    "file", "file-pdf", "github", "lightbulb", "list", "magnifying-glass", "moon", "outdent", "rocket", "sun",
)
# (font file in the theme, CSS family, weight) for the three faces the theme's stylesheet declares.
FACES = (
    ("fa-solid-900", "Font Awesome 6 Free", 900),
    ("fa-regular-400", "Font Awesome 6 Free", 400),
    ("fa-brands-400", "Font Awesome 6 Brands", 400),
)
CSS_FILE = "learnorg-icons.css"


class IconError(LookupError):
    """An icon the pages need has no glyph in the theme's stylesheet."""


def theme_static() -> Path:
    """The static folder of the installed pydata-sphinx-theme."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def _code_points(text: str) -> set[int]:
    """Private-use code points written in CSS, escaped (``\\f0c9``) or literally."""
    points = {int(m.group(1), 16) for m in re.finditer(r"\\(f[0-9a-f]{3}|e[0-9a-f]{3})", text)}
    return points | {ord(ch) for ch in text if 0xE000 <= ord(ch) <= 0xF8FF}


def used_code_points(theme_css: str, book_css: str = "", icons: tuple[str, ...] = ICONS) -> set[int]:
    """Code points of the icon classes in ``icons`` plus every icon the stylesheets use through ``content``."""
    points: set[int] = set()
    for name in icons:
        rule = re.search(r"[^{}]*\.fa-" + re.escape(name) + r':before[^{}]*\{content:"([^"]*)"', theme_css)
        if not rule:
            raise IconError(f"icon class fa-{name} has no glyph in the theme's stylesheet")
        points |= _code_points(rule.group(1))
    variables = " ".join(re.findall(r"--pst-(?:icon|breadcrumb)[a-z-]*:[^;}]*", theme_css))
    return points | _code_points(variables) | _code_points(book_css)


def subset_font(source: Path, code_points: set[int], target: Path) -> Path:
    """Write a WOFF font holding only ``code_points`` of ``source`` (a WOFF2 or TTF font)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    ttf = source.with_suffix(".ttf") if source.suffix == ".woff2" else source  # WOFF2 reading needs brotli
    font = TTFont(str(ttf))
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.name_IDs = ["*"]  # keep the licence and copyright names
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(code_points))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff"
    font.save(str(target))
    return target


def write_icon_fonts(out_dir: Path, static: Path | None = None) -> list[Path]:
    """Subset the theme's icon fonts into ``out_dir`` and write the stylesheet that uses them."""
    static = static or theme_static()
    theme_css = (static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    book_css_path = static.parent.parent.parent.parent / "sphinx_book_theme" / "theme" / "sphinx_book_theme" / "static" / "styles" / "sphinx-book-theme.css"
    book_css = book_css_path.read_text(encoding="utf-8") if book_css_path.is_file() else ""
    points = used_code_points(theme_css, book_css)
    written = []
    rules = ["/* The theme's icon fonts, cut down to the glyphs the pages use (learnorg.booktools.icons).",
             "   Font Awesome Free fonts: SIL OFL 1.1, https://fontawesome.com/license/free */"]
    for stem, family, weight in FACES:
        name = f"{stem}-subset.woff"
        written.append(subset_font(static / "vendor" / "fontawesome" / "webfonts" / f"{stem}.ttf", points,
                                   out_dir / name))
        rules.append(f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: {weight}; '
                     f'font-display: block; src: url("{name}") format("woff"); }}')
    css = out_dir / CSS_FILE
    css.write_text("\n".join(rules) + "\n", encoding="utf-8")
    return [*written, css]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m learnorg.booktools.icons OUT_DIR", file=sys.stderr)
        return 2
    for path in write_icon_fonts(Path(args[0])):
        print(f"Wrote {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
