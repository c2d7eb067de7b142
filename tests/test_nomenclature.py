"""The nomenclature is a record of decisions: every public parameter name is in it.

The test reads the signatures of every public function, method and class (and
the fields of every edge model) of each public module, and fails on a name that
``docs/nomenclature.md`` does not list. A name is listed when it appears in
backticks in the first column of a table row of that page; the suffixes
``_low``/``_high`` (interval bounds) and ``_se`` (standard errors) extend a
listed name, as the page's conventions say.
"""

from __future__ import annotations

import importlib
import inspect
import pathlib
import re
from collections.abc import Iterator

import pytest

import ecomops

NOMENCLATURE = pathlib.Path(__file__).parents[1] / "docs" / "nomenclature.md"
MODULES = ("money", *ecomops._DOMAINS, *ecomops._LAYERS)  # every public module with a subpackage
SUFFIXES = ("_low", "_high", "_se")
# Python's own names for the receiver and catch-alls are not vocabulary.
IGNORED = {"self", "cls", "args", "kwargs"}


def listed_names() -> set[str]:
    names: set[str] = set()
    for line in NOMENCLATURE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        first = line.split("|")[1]
        for token in re.findall(r"`([^`]+)`", first):
            # `Currency.minor_units` lists `minor_units`; `price_1`, `price_2` both
            names.add(token.split(".")[-1].split("(")[0].split("=")[0].strip())
    return names


def _callables(module_name: str) -> Iterator[tuple[str, object]]:
    module = importlib.import_module(f"ecomops.{module_name}")
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            yield name, obj
        elif inspect.isclass(obj):
            yield name, obj
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                func = getattr(member, "__func__", member)
                if inspect.isfunction(func):
                    yield f"{name}.{attr}", func
            for field in getattr(obj, "model_fields", {}) or {}:
                yield f"{name}.{field}", field


def public_parameters(module_name: str) -> dict[str, list[str]]:
    """``{parameter name: [where it is used]}`` for one public module."""
    found: dict[str, list[str]] = {}
    for where, obj in _callables(module_name):
        if isinstance(obj, str):  # a model field
            found.setdefault(obj, []).append(where)
            continue
        try:
            signature = inspect.signature(obj)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        for parameter in signature.parameters:
            if parameter not in IGNORED and not parameter.startswith(
                "_"
            ):  # private: not vocabulary
                found.setdefault(parameter, []).append(where)
    return found


def _is_listed(name: str, listed: set[str]) -> bool:
    if name in listed:
        return True
    return any(name.endswith(s) and name[: -len(s)] in listed for s in SUFFIXES)


@pytest.mark.parametrize("module_name", MODULES)
def test_every_public_parameter_is_in_the_nomenclature(module_name: str) -> None:
    listed = listed_names()
    missing = {
        name: where
        for name, where in public_parameters(module_name).items()
        if not _is_listed(name, listed)
    }
    assert not missing, "names not in docs/nomenclature.md:\n" + "\n".join(
        f"  {name}: {', '.join(sorted(where)[:4])}" for name, where in sorted(missing.items())
    )


def test_a_name_has_one_row() -> None:
    """One meaning per name: a bare name is listed in one row of the page.

    A field whose meaning is local to one class or function has a scoped row
    (``GammaGammaFit.q``), which does not count as the bare name's row.
    """
    rows: dict[str, list[int]] = {}
    for number, line in enumerate(NOMENCLATURE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("|") or line.startswith("|---"):
            continue
        for token in re.findall(r"`([^`]+)`", line.split("|")[1]):
            if "." not in token:
                rows.setdefault(token, []).append(number)
    repeated = {name: lines for name, lines in rows.items() if len(lines) > 1}
    assert not repeated, f"names with more than one row (line numbers): {repeated}"
