"""Public signatures name real types, not ``Any``.

The API reference renders each public signature (its ``@overload`` set where it
has one), so an ``Any`` there tells the reader nothing. This test walks every
public callable of the modules below and fails for a parameter annotated
``Any``, and for a return annotated ``Any`` unless the callable is wrapped by
``series_io`` (which returns a pandas or polars Series for Series input; its
docstring says so, and no array type would be honest).
"""

from __future__ import annotations

import importlib
import inspect
import re
import typing
from collections.abc import Callable, Iterator

import pytest

from ecomops._core.validation import series_io

#: The public modules covered, with a filter on where the callable is defined
#: (None: every re-exported name).
COVERED: dict[str, Callable[[str, object], bool] | None] = {
    "pricing": None,
    "inventory": None,
    "logistics": None,
    "seo": None,
    "promotions": None,
    "segmentation": lambda name, obj: (
        getattr(obj, "__module__", "") == "ecomops._segmentation.clv" or name == "SegmentRule"
    ),
}

#: ``(callable, parameter)`` pairs allowed to stay ``Any``, each with its reason.
ALLOWED_ANY_PARAMETERS: dict[tuple[str, str], str] = {
    # Typed in modules edited elsewhere at the same time; type them, then drop the entries.
    ("logistics.ParcelBatch.from_imperial", "weight_lb"): "_logistics/units.py",
    ("logistics.ParcelBatch.from_imperial", "length_in"): "_logistics/units.py",
    ("logistics.ParcelBatch.from_imperial", "width_in"): "_logistics/units.py",
    ("logistics.ParcelBatch.from_imperial", "height_in"): "_logistics/units.py",
    ("logistics.ParcelBatch.from_imperial", "origin"): "_logistics/units.py",
    ("logistics.ParcelBatch.from_imperial", "destination"): "_logistics/units.py",
    ("logistics.ParcelBatch.from_imperial", "residential"): "_logistics/units.py",
    ("logistics.pack_cartons", "ship_date"): "_logistics/packing.py",
    ("segmentation.SegmentRule.matches", "recency_score"): "_segmentation/segments.py",
    ("segmentation.SegmentRule.matches", "frequency_score"): "_segmentation/segments.py",
    ("segmentation.SegmentRule.matches", "monetary_score"): "_segmentation/segments.py",
}

#: Method names whose signature is fixed by a base class outside ecomops.
#: pydantic calls ``model_post_init(context: Any)`` with whatever context the caller gave.
FOREIGN_SIGNATURES = frozenset({"model_post_init"})

_ANY = re.compile(r"\bAny\b")
_SERIES_IO_CODE = series_io(lambda: None).__code__


def _members(name: str, obj: object) -> Iterator[tuple[str, Callable[..., object]]]:
    """``(qualified name, function)`` of a public function or a class's own public methods."""
    if not inspect.isclass(obj):
        if callable(obj):
            yield name, obj
        return
    for attr, member in vars(obj).items():
        if (attr.startswith("_") and attr != "__init__") or attr in FOREIGN_SIGNATURES:
            continue
        if isinstance(member, staticmethod | classmethod):
            member = member.__func__
        elif isinstance(member, property):
            member = member.fget
        if callable(member) and getattr(member, "__module__", "").startswith("ecomops"):
            yield f"{name}.{attr}", member


def _public_callables() -> Iterator[tuple[str, Callable[..., object]]]:
    for module_name, keep in COVERED.items():
        module = importlib.import_module(f"ecomops.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if keep is None or keep(name, obj):
                yield from _members(f"{module_name}.{name}", obj)


def _rendered(func: Callable[..., object]) -> list[inspect.Signature]:
    """The signatures the reference shows: the overloads if any, else the function's."""
    overloads = typing.get_overloads(func)
    return [inspect.signature(f) for f in overloads or [func]]


CALLABLES = sorted(_public_callables(), key=lambda item: item[0])


def test_the_walk_finds_the_public_callables() -> None:
    names = {name for name, _ in CALLABLES}
    assert {"pricing.cost_plus_price", "promotions.Cart.__init__", "logistics.quote"} <= names
    assert "segmentation.customer_lifetime_value" in names
    assert len(CALLABLES) > 100


@pytest.mark.parametrize(("name", "func"), CALLABLES, ids=[name for name, _ in CALLABLES])
def test_public_parameters_are_not_any(name: str, func: Callable[..., object]) -> None:
    bad = sorted(
        {
            param
            for sig in _rendered(func)
            for param, p in sig.parameters.items()
            if _ANY.search(str(p.annotation)) and (name, param) not in ALLOWED_ANY_PARAMETERS
        }
    )
    assert not bad, f"{name}: parameters annotated Any: {bad}"


@pytest.mark.parametrize(("name", "func"), CALLABLES, ids=[name for name, _ in CALLABLES])
def test_public_returns_are_not_any(name: str, func: Callable[..., object]) -> None:
    if getattr(func, "__code__", None) is _SERIES_IO_CODE:
        return  # a Series for Series input: Any, and the docstring says so
    bad = [sig for sig in _rendered(func) if _ANY.search(str(sig.return_annotation))]
    assert not bad, f"{name}: returns annotated Any: {bad}"


def test_allowed_entries_are_still_needed() -> None:
    """An allow-list entry whose parameter is typed now must go."""
    found = {
        (name, param)
        for name, func in CALLABLES
        for sig in _rendered(func)
        for param, p in sig.parameters.items()
        if _ANY.search(str(p.annotation))
    }
    stale = sorted(set(ALLOWED_ANY_PARAMETERS) - found)
    assert not stale, f"typed now, drop from ALLOWED_ANY_PARAMETERS: {stale}"
