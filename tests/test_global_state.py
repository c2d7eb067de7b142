"""No public call changes global state.

Every registered valid call of the common contract (and, for each, one call with
a NaN in its first data argument, which takes the error paths) runs between two
snapshots of the process-wide state a caller owns: the decimal context (its
settings, its flags and which context object is current), numpy's floating-point
error handling, the warnings filters, numpy's legacy random state and numpy's
print options. A library that sets any of these (or leaves them set on an error
path) changes the results or the output of unrelated code in the caller's
program. The decimal flags also reveal arithmetic done in the caller's context
instead of a private one.
"""

from __future__ import annotations

import contextlib
import decimal
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from tests.test_common_contract import MODULES, VALID_CALLS, variants_for


def _decimal_state() -> tuple[Any, ...]:
    ctx = decimal.getcontext()
    return (
        id(ctx),
        ctx.prec,
        ctx.rounding,
        ctx.Emin,
        ctx.Emax,
        ctx.capitals,
        ctx.clamp,
        tuple(sorted((k.__name__, v) for k, v in ctx.traps.items())),
        tuple(sorted((k.__name__, v) for k, v in ctx.flags.items())),
    )


def _random_state() -> tuple[Any, ...]:
    name, keys, pos, has_gauss, cached = np.random.get_state()  # type: ignore[misc]  # noqa: NPY002
    return (name, keys.tobytes(), pos, has_gauss, cached)


STATE: dict[str, Callable[[], Any]] = {
    "decimal context": _decimal_state,
    "numpy error state": np.geterr,
    "warnings filters": lambda: list(warnings.filters),
    "numpy legacy random state": _random_state,
    "numpy print options": np.get_printoptions,
}


#: Calls that change global state today, with what they change. A listed call
#: that stops doing so fails the test: remove it here when it is fixed.
KNOWN_FAILURES: dict[str, str] = {}


def _diff(kind: str, before: Any, after: Any) -> str:
    if kind == "decimal context" and before[:-1] == after[:-1]:
        raised = sorted({f for f, v in after[-1] if v} - {f for f, v in before[-1] if v})
        return f"sets decimal flags {', '.join(raised)} (arithmetic in the caller's context)"
    return f"changes the {kind}"


def _snapshot() -> dict[str, Any]:
    return {name: read() for name, read in STATE.items()}


def _calls(module: str) -> list[tuple[str, Callable[[], Any]]]:
    """The valid call of every callable of ``module``, and one NaN call of each."""
    calls: list[tuple[str, Callable[[], Any]]] = []
    for name in sorted(VALID_CALLS):
        if not name.startswith(f"{module}."):
            continue

        def valid(name: str = name) -> Any:
            fn, kwargs = VALID_CALLS[name]()
            positional = kwargs.pop("*", ())
            return fn(*positional, **kwargs)

        calls.append((name, valid))
        _, kwargs = VALID_CALLS[name]()
        for param, value in kwargs.items():
            nan = [v for v in variants_for(value) if v.kind == "nan"] if param != "*" else []
            if nan:

                def bad(name: str = name, param: str = param, value: Any = nan[0].value) -> Any:
                    fn, kwargs = VALID_CALLS[name]()
                    kwargs[param] = value
                    return fn(**kwargs)

                calls.append((f"{name}({param}=NaN)", bad))
                break
    return calls


@pytest.mark.parametrize("module", MODULES)
def test_public_calls_leave_global_state_alone(module: str) -> None:
    calls = _calls(module)
    assert calls
    changed: list[str] = []
    # a first pass imports what the calls import lazily: an import's own one-off
    # side effects (scipy.special adds a warnings filter) are not the call's
    for _, call in calls:
        with warnings.catch_warnings(), contextlib.suppress(Exception):
            call()
    with decimal.localcontext() as ctx:  # a fresh copy of the caller's context, restored after
        ctx.clear_flags()
        np.random.seed(12345)  # noqa: NPY002 - the legacy global state is what is watched
        for label, call in calls:
            ctx.clear_flags()  # so each call's own flags show
            before = _snapshot()
            with contextlib.suppress(Exception):  # the error paths are exercised too
                call()
            after = _snapshot()
            changed += [
                f"{label}: {_diff(k, before[k], after[k])}" for k in STATE if before[k] != after[k]
            ]
    known = {k for k in KNOWN_FAILURES if k.startswith(f"{module}.")}
    new = [c for c in changed if c.split(":")[0] not in known]
    assert not new, "\n".join(new)
    fixed = sorted(known - {c.split(":")[0] for c in changed})
    assert not fixed, f"now leave global state alone: remove from KNOWN_FAILURES: {fixed}"


def test_snapshot_sees_each_kind_of_change() -> None:
    """The probe itself: each kind of change is detected."""
    before = _snapshot()
    with decimal.localcontext(prec=5):
        assert _snapshot()["decimal context"] != before["decimal context"]
    with decimal.localcontext() as ctx:
        ctx.clear_flags()
        clean = _snapshot()
        _ = decimal.Decimal(1) / decimal.Decimal(3)
        assert _snapshot()["decimal context"] != clean["decimal context"]
    with np.errstate(all="ignore"):
        assert _snapshot()["numpy error state"] != before["numpy error state"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _snapshot()["warnings filters"] != before["warnings filters"]
    state = np.random.get_state()  # noqa: NPY002
    np.random.random()  # noqa: NPY002
    assert _snapshot()["numpy legacy random state"] != before["numpy legacy random state"]
    np.random.set_state(state)  # noqa: NPY002
    with np.printoptions(precision=3):
        assert _snapshot()["numpy print options"] != before["numpy print options"]
    assert _snapshot() == before
