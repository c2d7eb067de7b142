"""Every declared constraint is enforced: the bad inputs are generated from the declarations.

The public callables (functions and public methods of public classes, found
through each public module's ``__all__``) that declare their parameters'
constraints are collected here without a hand-kept list. For each one a valid
call must succeed, and every value a declared constraint refuses
(``violations()``) must raise an `InvalidInputError` naming that parameter
first.
"""

from __future__ import annotations

import importlib
import inspect
import pathlib
import re
from collections.abc import Callable
from typing import Any

import pytest

import ecomops
from ecomops._core.constraints import Constraints, Interval, constraints_of
from ecomops.exceptions import InvalidInputError
from ecomops.funnel import two_proportions_ztest
from ecomops.inventory import economic_order_quantity

SRC = pathlib.Path(ecomops.__file__).parent
PUBLIC_MODULES = sorted(p.stem for p in SRC.glob("*.py") if not p.stem.startswith("_"))

#: The public callables that must stay declared, at least (so the suite cannot shrink silently).
MIN_DECLARED = 25

#: Instances whose declared methods are checked, by class name.
INSTANCES: dict[str, Callable[[], object]] = {
    "EconomicOrderQuantity": lambda: economic_order_quantity(1300, 8, 0.225),
    "TwoProportionsTest": lambda: two_proportions_ztest(300, 10_000, 345, 10_000),
}

#: Valid arguments where the examples of the declared constraints do not make a
#: feasible call on their own (a cross-parameter rule, a shape, an undeclared
#: required argument).
VALID: dict[str, dict[str, Any]] = {
    "funnel.proportions_chisquare": {"counts": [30, 40], "nobs": [100, 100]},
    "funnel.sample_ratio_mismatch": {"observed": [50, 52], "expected_ratio": [1, 1]},
    "funnel.sample_size_proportions": {"minimum_detectable_effect": 0.1},
    "funnel.two_proportions_ztest": {"count_a": 30, "nobs_a": 100, "count_b": 40, "nobs_b": 100},
    "inventory.economic_production_quantity": {"production_rate": 10.0},
    "inventory.eoq_with_quantity_discounts": {"breakpoints": [0, 100], "unit_costs": [5.0, 4.5]},
    "logistics.billable_weight": {"divisor": 5000},
    "pricing.break_even_volume_change": {"contribution_margin_rate": 0.4},
}


def _public_methods(cls: type) -> dict[str, Any]:
    """The public functions defined on ``cls`` or its bases (properties excluded)."""
    found = {}
    for name in dir(cls):
        if name.startswith("_"):
            continue
        member = inspect.getattr_static(cls, name)
        member = getattr(member, "__func__", member)
        if inspect.isfunction(member):
            found[name] = member
    return found


def _declared() -> dict[str, tuple[Callable[..., Any], str | None]]:
    """``{"module.name" or "module.Class.method": (function, class name or None)}``."""
    found: dict[str, tuple[Callable[..., Any], str | None]] = {}
    seen: set[int] = set()
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(f"ecomops.{module_name}")
        for attr in module.__all__:
            obj = getattr(module, attr)
            if inspect.isclass(obj):
                candidates = {
                    f"{module_name}.{attr}.{name}": (func, attr)
                    for name, func in _public_methods(obj).items()
                }
            elif callable(obj):
                candidates = {f"{module_name}.{attr}": (obj, None)}
            else:
                continue
            for key, (func, owner) in candidates.items():
                if constraints_of(func) is not None and id(func) not in seen:
                    seen.add(id(func))
                    found[key] = (func, owner)
    return found


DECLARED = _declared()


def _spec(key: str) -> Constraints:
    spec = constraints_of(DECLARED[key][0])
    assert spec is not None
    return spec


def _target(key: str) -> Callable[..., Any]:
    """The function, or the method bound to an instance of its class."""
    func, owner = DECLARED[key]
    if owner is None:
        return func
    assert owner in INSTANCES, f"add a {owner} instance to INSTANCES to check {key}"
    bound: Callable[..., Any] = getattr(INSTANCES[owner](), func.__name__)
    return bound


def _valid_kwargs(key: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {name: rule.example() for name, rule in _spec(key).items()}
    kwargs.update(VALID.get(key, {}))
    return kwargs


def test_enough_public_callables_are_declared() -> None:
    assert len(DECLARED) >= MIN_DECLARED, sorted(DECLARED)


def test_the_tables_name_declared_callables_only() -> None:
    assert set(VALID) <= set(DECLARED)
    owners = {owner for _, owner in DECLARED.values() if owner is not None}
    assert set(INSTANCES) == owners


@pytest.mark.parametrize("key", sorted(DECLARED))
def test_every_declared_name_is_a_parameter(key: str) -> None:
    parameters = inspect.signature(DECLARED[key][0]).parameters
    undeclared = [name for name in _spec(key) if name not in parameters]
    assert not undeclared, f"{key} declares constraints on non-parameters {undeclared}"


@pytest.mark.parametrize("key", sorted(DECLARED))
def test_the_valid_call_succeeds(key: str) -> None:
    _target(key)(**_valid_kwargs(key))


@pytest.mark.parametrize("key", sorted(DECLARED))
def test_every_violation_is_refused_naming_the_parameter(key: str) -> None:
    target, valid = _target(key), _valid_kwargs(key)
    refused = 0
    for name, rule in _spec(key).items():
        for bad in rule.violations():
            with pytest.raises(InvalidInputError, match=rf"^{re.escape(name)} "):
                target(**{**valid, name: bad})
            refused += 1
    assert refused >= 2 * len(_spec(key))


@pytest.mark.parametrize("key", sorted(DECLARED))
def test_a_violation_inside_an_array_is_found_by_its_index(key: str) -> None:
    target, valid = _target(key), _valid_kwargs(key)
    for name, rule in _spec(key).items():
        if not isinstance(rule, Interval):
            continue
        for bad in rule.violations():
            with pytest.raises(InvalidInputError, match=rf"^{re.escape(name)} .*index 1"):
                target(**{**valid, name: [rule.example(), bad]})
