"""Draw the figures of the plot guide and the gallery from their own code.

Runs the python blocks of ``docs/guide/plots.md`` and of every
``docs/gallery/*.md`` page in order (one namespace per page, as a reader would
run them in one notebook) and, after each block that ends with a
``# figure: <name>.png`` comment, saves the figure of its ``ax`` to
``docs/figures/<name>.png``. Run it from the repository root after changing a
plot or a page::

    pip install -e ".[plot]" && python docs/gallery/make_figures.py

The test suite runs the same blocks (without saving) and checks that every
public plot has its picture.
"""

from __future__ import annotations

import pathlib
import re
import sys

import matplotlib

matplotlib.use("Agg")  # a script choosing its own backend; the library never does

import matplotlib.pyplot as plt

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.test_docs import python_blocks  # noqa: E402  (the docs tests' block reader)

FIGURES = ROOT / "docs" / "figures"
PAGES = [ROOT / "docs" / "guide" / "plots.md", *sorted((ROOT / "docs" / "gallery").glob("*.md"))]
MARKER = re.compile(r"^# figure: (\S+\.png)\s*$", re.M)
DPI = 80


def run_page(page: pathlib.Path) -> list[str]:
    """Run a page's python blocks and save its figures; return their names."""
    namespace: dict[str, object] = {"__name__": "__gallery__"}
    saved = []
    for block in python_blocks(page):
        exec(compile(block, str(page), "exec"), namespace)
        for name in MARKER.findall(block):
            figure = namespace["ax"].figure  # type: ignore[attr-defined]
            figure.savefig(FIGURES / name, dpi=DPI)
            saved.append(name)
        plt.close("all")
    return saved


def main() -> None:
    FIGURES.mkdir(exist_ok=True)
    for page in PAGES:
        for name in run_page(page):
            size = (FIGURES / name).stat().st_size
            print(f"{page.relative_to(ROOT)}: {name} ({size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
