"""The API reference renders docstrings as Markdown: no Sphinx markup may be left in them.

mkdocstrings prints reStructuredText roles and directives literally, so every
public object's docstring (and those of its public methods) must use the
Markdown forms: ``$x$`` and ``$$ ... $$`` math, ``[`name`][ecomops.module.name]``
cross-references or code spans, numbered reference lists and ``[1]`` markers.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterator
from types import ModuleType

import pytest

MODULES = [
    "money",
    "pricing",
    "inventory",
    "funnel",
    "segmentation",
    "logistics",
    "seo",
    "frames",
    "datasets",
    "exceptions",
]

SPHINX_MARKUP = re.compile(
    r":(?:math|func|class|meth|mod|attr|data):`"  # roles
    r"|\[\d+\]_"  # citation markers
    r"|\.\.\s+math::"  # math directive
    r"|^\s*\.\.\s+\[\d+\]",  # citation targets
    re.MULTILINE,
)


def _own(obj: object) -> bool:
    return str(getattr(obj, "__module__", "") or "").startswith("ecomops")


def _member_function(value: object) -> object | None:
    """The function behind a class attribute (method, property, cached property), or None."""
    if isinstance(value, (staticmethod, classmethod)):
        return value.__func__
    if isinstance(value, property):
        return value.fget
    func = getattr(value, "func", None)  # functools.cached_property
    if func is not None and inspect.isfunction(func):
        return func
    return value if inspect.isfunction(value) else None


def _docstrings(module: ModuleType) -> Iterator[tuple[str, str]]:
    """(qualified name, docstring) of the module, its public objects and their public members."""
    prefix = module.__name__
    yield prefix, module.__doc__ or ""
    for name in module.__all__:
        obj = getattr(module, name)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)) or not _own(obj):
            continue
        yield f"{prefix}.{name}", obj.__doc__ or ""
        if not inspect.isclass(obj):
            continue
        # the public members it defines or inherits from ecomops bases (a table's
        # to_pandas is shown on every result page that links to it)
        for klass in (k for k in obj.__mro__ if _own(k)):
            for attr, value in vars(klass).items():
                if attr.startswith("_"):
                    continue
                func = _member_function(value)
                if func is not None:
                    yield f"{prefix}.{name}.{attr}", getattr(func, "__doc__", None) or ""


def test_the_pattern_catches_sphinx_markup() -> None:
    for text in (
        "see :func:`f`",
        "with :math:`x`",
        "as in [1]_.",
        "    .. math:: x = 1",
        "    .. [1] Author (2000)",
    ):
        assert SPHINX_MARKUP.search(text), text
    for text in ("see [`f`][ecomops.seo.f]", "with $x$", "as in [1].", "    1. Author (2000)"):
        assert not SPHINX_MARKUP.search(text), text


@pytest.mark.parametrize("name", MODULES)
def test_docstrings_have_no_sphinx_markup(name: str) -> None:
    module = importlib.import_module(f"ecomops.{name}")
    found = [
        f"{qualname}: {match.group(0).strip()!r}"
        for qualname, doc in _docstrings(module)
        for match in [SPHINX_MARKUP.search(doc)]
        if match
    ]
    assert not found, "Sphinx markup the API reference prints literally:\n" + "\n".join(found)
