"""Render the site's formulas to MathML at build time (a mkdocs hook).

`pymdownx.arithmatex` (``generic: true``) wraps every formula of the pages and
of the API reference in ``<span class="arithmatex">\\(...\\)</span>`` (inline)
or ``<div class="arithmatex">\\[...\\]</div>`` (display). This hook converts
each one to MathML with `latex2mathml` (a dependency of the ``docs`` extra),
which browsers render natively (MathML Core), so the site needs no JavaScript
renderer and no network: a build read offline shows every formula.

A formula the converter cannot translate (it raises, or leaves a LaTeX
command in the output) fails the build, and the error lists each such formula
with its page. The few commands latex2mathml lacks are rewritten first to an
equivalent it knows (`REWRITES`).
"""

from __future__ import annotations

import html
import re
from typing import Any

from latex2mathml.converter import convert

__all__ = ["REWRITES", "MathError", "convert_formula", "convert_html"]

# ``<span class="arithmatex">\(x\)</span>`` or ``<div class="arithmatex">\[x\]</div>``
FORMULA = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
# A LaTeX command left as text in the MathML: the converter did not know it.
LEFT_OVER = re.compile(r">([^<]*\\[A-Za-z_][^<]*)<")
# Delimiters arithmatex writes around the LaTeX.
DELIMITERS = {"span": ("\\(", "\\)"), "div": ("\\[", "\\]")}

# Commands latex2mathml lacks, rewritten to an equivalent it renders.
REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\\arg(?![A-Za-z])"), r"\\operatorname{arg}"),
)
# ``\_`` inside ``\text{...}`` is a plain underscore in text mode.
TEXT_GROUP = re.compile(r"\\text\{[^{}]*\}")


class MathError(Exception):
    """A formula latex2mathml cannot convert."""


def _rewrite(tex: str) -> str:
    for pattern, replacement in REWRITES:
        tex = pattern.sub(replacement, tex)
    return TEXT_GROUP.sub(lambda m: m.group(0).replace("\\_", "_"), tex)


def _strip_delimiters(tex: str, tag: str) -> str:
    opening, closing = DELIMITERS[tag]
    tex = tex.strip()
    if tex.startswith(opening) and tex.endswith(closing):
        return tex[len(opening) : -len(closing)]
    return tex


def convert_formula(tex: str, *, display: bool) -> str:
    """MathML for one LaTeX formula; `MathError` if it cannot be converted."""
    try:
        mathml = convert(_rewrite(tex), display="block" if display else "inline")
    except Exception as exc:  # the converter raises a range of exceptions
        raise MathError(f"{type(exc).__name__}: {exc}") from None
    left = LEFT_OVER.search(mathml)
    if left:
        raise MathError(f"unknown command {left.group(1).strip()}")
    return mathml


def convert_html(text: str) -> tuple[str, list[str]]:
    """Every arithmatex formula of an HTML fragment as MathML, and the failures."""
    failures: list[str] = []

    def replace(match: re.Match[str]) -> str:
        tag, body = match.group(1), match.group(2)
        tex = _strip_delimiters(html.unescape(body), tag)
        try:
            mathml = convert_formula(tex, display=tag == "div")
        except MathError as exc:
            failures.append(f"${tex.strip()}$ ({exc})")
            return match.group(0)
        return f'<{tag} class="arithmatex">{mathml}</{tag}>'

    return FORMULA.sub(replace, text), failures


_FAILURES: list[str] = []


def on_pre_build(config: Any) -> None:
    _FAILURES.clear()


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    converted, failures = convert_html(html_text)
    _FAILURES.extend(f"{page.file.src_uri}: {f}" for f in failures)
    return converted


def on_post_build(config: Any) -> None:
    if _FAILURES:
        from mkdocs.exceptions import PluginError

        shown = "\n  ".join(_FAILURES)
        raise PluginError(f"{len(_FAILURES)} formulas do not convert to MathML:\n  {shown}")
