"""The documentation's examples run: every ```pycon block of docs/ is a doctest.

Blocks of one page share their variables, in page order, as a reader would type
them into one session.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import pathlib
import re

import pytest

DOCS = pathlib.Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
BLOCK = re.compile(r"^```pycon[^\n]*\n(.*?)^```", flags=re.S | re.M)
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_page_examples_run(page: pathlib.Path) -> None:
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    if not blocks:
        pytest.skip("no pycon examples on this page")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    globs: dict[str, object] = {"__name__": "__docs__"}
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"{page.name}[{i}]", str(page), 0)
        runner.run(test, clear_globs=False)
        globs = test.globs
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {page}"


#: A ```python block, and the ```text block right after it, if any: what the code prints.
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```\n(?:\n*```text\n(.*?)^```)?", re.S | re.M)


def python_blocks_with_output(page: pathlib.Path) -> list[tuple[str, str | None]]:
    """The ```python blocks of a markdown page, in order, each with the output it shows."""
    found = PYTHON_BLOCK.findall(page.read_text(encoding="utf-8"))
    return [(code, output if output else None) for code, output in found]


def python_blocks(page: pathlib.Path) -> list[str]:
    """The ```python blocks of a markdown page, in order."""
    return [code for code, _ in python_blocks_with_output(page)]


def test_readme_tour_runs() -> None:
    """The README's ```python tour runs as written (names and signatures are current)."""
    readme = DOCS.parent / "README.md"
    blocks = python_blocks(readme)
    assert blocks, "the README shows no python tour"
    for block in blocks:
        exec(compile(block, str(readme), "exec"), {"__name__": "__readme__"})


GALLERY = [DOCS / "guide" / "plots.md", *sorted((DOCS / "gallery").glob("*.md"))]


@pytest.mark.parametrize("page", GALLERY, ids=[str(p.relative_to(DOCS)) for p in GALLERY])
def test_gallery_page_runs(page: pathlib.Path) -> None:
    """The plot guide's and the gallery's ```python blocks run in order, as one notebook.

    A ```text block right after a python block is what that code prints, and must stay so.
    """
    blocks = python_blocks_with_output(page)
    if not blocks:
        pytest.skip("no python code on this page")
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    namespace: dict[str, object] = {"__name__": "__gallery__"}
    try:
        for i, (block, shown) in enumerate(blocks):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(block, str(page), "exec"), namespace)
            if shown is not None:
                assert printed.getvalue().rstrip() == shown.rstrip(), f"block {i} of {page.name}"
    finally:
        plt.close("all")
