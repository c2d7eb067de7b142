"""Vectorised promotion kernels over columns of order subtotals (private).

Each kernel takes a [`MoneyArray`][ecomops.money.MoneyArray] of subtotals and
returns the discount of every order as a `MoneyArray` in the same currency,
computed on int64 minor units: no float touches an amount, every rounding has a
named mode, and no discount exceeds its subtotal (the payable
``subtotals - discount`` is never negative).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from ecomops._core.typing import (
    ROUNDING_MODES,
    THRESHOLD_REPEATS,
    TIERS_MODES,
    IntArray,
    MoneyLike,
    Real,
    RoundingMode,
    ThresholdRepeat,
    TiersMode,
)
from ecomops._core.validation import check_option, is_scalar, raise_at
from ecomops._money import Currency, Money, MoneyArray, quantize, to_decimal
from ecomops.exceptions import CurrencyMismatchError, InvalidInputError

__all__ = [
    "amount_minor",
    "percent_discount",
    "rate_fraction",
    "subtotal_minor",
    "threshold_discount",
    "tiered_discount",
]

#: Amounts are refused at or beyond this many minor units (as `MoneyArray` does).
_LIMIT = 2**62
#: At most this many tiers in one tier list (a tier list is configuration, not data).
MAX_TIERS = 1000


def subtotal_minor(subtotals: Any, name: str = "subtotals") -> tuple[IntArray, Currency]:
    """The int64 minor units and currency of a money column, checked >= 0."""
    if not isinstance(subtotals, MoneyArray):
        raise InvalidInputError(
            f"{name} must be a MoneyArray (build one with MoneyArray.from_amounts(values, "
            f"currency)); got {type(subtotals).__name__}"
        )
    minor = subtotals.minor.reshape(-1)
    raise_at(name, "be >= 0", minor < 0, minor)
    return minor, subtotals.currency


def amount_minor(value: Any, name: str, currency: Currency) -> int:
    """One amount (Money, or a number in major units) as minor units of ``currency``.

    The amount must be a whole number of minor units (a threshold of 199.999 is
    refused rather than rounded) and below $2^{62}$ minor units.
    """
    if isinstance(value, Money):
        if value.currency != currency:
            raise CurrencyMismatchError(
                f"{name} is in {value.currency.code} but the amounts are in {currency.code}"
            )
        return value.minor
    if isinstance(value, MoneyArray) or not is_scalar(value) or isinstance(value, np.ndarray):
        raise InvalidInputError(f"{name} must be one amount; got {type(value).__name__}")
    exact = to_decimal(value, name)
    on_grid = quantize(exact, currency, "down", cash=False)
    if on_grid != exact:
        raise InvalidInputError(
            f"{name} must be a whole number of {currency.code} minor units; got {exact}"
        )
    minor = int(on_grid.scaleb(currency.minor_units))
    if abs(minor) >= _LIMIT:
        raise InvalidInputError(f"{name} must be below 2**62 minor units; got {exact}")
    return minor


def rate_fraction(value: Any, name: str) -> tuple[int, int]:
    """A rate in (0, 1), read exactly (floats by their shortest decimal form), as num/den."""
    if isinstance(value, Money | MoneyArray) or not is_scalar(value):
        raise InvalidInputError(f"{name} must be one number in (0, 1); got {value!r}")
    exact = to_decimal(value, name)
    if not Decimal(0) < exact < Decimal(1):
        raise InvalidInputError(f"{name} must be in (0, 1) (a fraction, not percent); got {exact}")
    num, den = exact.as_integer_ratio()
    return num, den


def _positive(minor: int, name: str, shown: Any) -> None:
    if minor <= 0:
        raise InvalidInputError(f"{name} must be > 0; got {shown}")


def _capped(discount: IntArray, cap: int | None) -> IntArray:
    return discount if cap is None else np.minimum(discount, cap)


def _cap_minor(cap: Any, currency: Currency, smallest_step: int) -> int | None:
    """The cap in minor units; a cap below the smallest step is refused."""
    if cap is None:
        return None
    minor = amount_minor(cap, "cap", currency)
    if minor < smallest_step:
        raise InvalidInputError(
            f"cap must be >= the smallest step it caps "
            f"({Money.from_minor(smallest_step, currency)}): a cap below one step never lets "
            f"a step through; got {cap}"
        )
    return minor


def threshold_discount(
    subtotals: MoneyArray,
    *,
    threshold: MoneyLike | Money,
    off: MoneyLike | Money,
    repeat: ThresholdRepeat = "once",
    cap: MoneyLike | Money | None = None,
) -> MoneyArray:
    r"""Discount of 满X减Y (``repeat="once"``) or 每满X减Y (``"every"``) on each subtotal.

    $$
    d_i = \begin{cases}
      Y \cdot [s_i \ge X] & \text{once (满X减Y)} \\
      \min\!\left(Y \lfloor s_i / X \rfloor,\ Z\right) & \text{every (每满X减Y, 最多减Z)}
    \end{cases}
    $$

    on int64 minor units, so $d_i$ is exact and no rounding happens. Thresholds
    are inclusive: a subtotal of exactly $X$ qualifies.

    Parameters
    ----------
    subtotals : MoneyArray
        Order (or eligible) subtotals $s_i$, each >= 0. [currency]
    threshold : Money or number
        The threshold $X$ 满; > 0, a whole number of minor units. [currency]
    off : Money or number
        The amount $Y$ 减 per step; ``0 < off < threshold`` (an ``off`` of the
        whole threshold would make qualifying orders free). [currency]
    repeat : {"once", "every"}
        Once per order (满减) or once per whole threshold reached (每满减);
        default ``"once"``. ``"tiered"`` takes a tier list: use
        [`tiered_discount`][ecomops.promotions.tiered_discount].
    cap : Money or number, optional
        The most the rule takes off one order (最多减 $Z$); must be at least
        ``off``. [currency]

    Returns
    -------
    MoneyArray
        The discount of each order, in the subtotals' currency, with
        $0 \le d_i \le s_i$.

    Raises
    ------
    InvalidInputError
        For subtotals that are not a `MoneyArray` or are negative, a threshold
        or off that is not positive, an ``off`` not below the threshold, a cap
        below one step, amounts finer than the minor unit, or an amount in
        another currency (`CurrencyMismatchError`).

    References
    ----------
    1. Tmall / Taobao merchant rules for 满减 and 每满减 promotions (跨店满减:
       "每满300减50"), as published for the 双11 campaigns.
    2. Fowler, M. (2002), *Patterns of Enterprise Application Architecture*,
       Addison-Wesley, "Money" (integer minor units).

    Examples
    --------
    >>> from ecomops.money import MoneyArray
    >>> from ecomops.promotions import threshold_discount
    >>> subtotals = MoneyArray.from_amounts([199, 200, 399, 400, 599, 1000], "CNY")
    >>> threshold_discount(subtotals, threshold=200, off=30, repeat="every", cap=60)
    MoneyArray(['0.00', '30.00', '30.00', '60.00', '60.00', '60.00'], currency='CNY')
    >>> threshold_discount(subtotals, threshold=300, off=50)  # 满300减50
    MoneyArray(['0.00', '0.00', '50.00', '50.00', '50.00', '50.00'], currency='CNY')
    """
    check_option(repeat, "repeat", THRESHOLD_REPEATS)
    if repeat == "tiered":
        raise InvalidInputError(
            "repeat='tiered' needs a tier list: use tiered_discount(subtotals, tiers=...)"
        )
    s, currency = subtotal_minor(subtotals)
    x = amount_minor(threshold, "threshold", currency)
    _positive(x, "threshold", threshold)
    y = amount_minor(off, "off", currency)
    _positive(y, "off", off)
    if y >= x:
        raise InvalidInputError(
            f"off must be < threshold ({threshold}): an off of the whole threshold makes "
            f"qualifying orders free; got {off}"
        )
    z = _cap_minor(cap, currency, y)
    steps = (s >= x).astype(np.int64) if repeat == "once" else s // x
    return MoneyArray(_capped(steps * y, z), currency)


def _tier_list(tiers: Any, currency: Currency) -> tuple[IntArray, IntArray]:
    """Thresholds and offs of a tier list, as int64 minor units."""
    if isinstance(tiers, str | bytes | dict) or not isinstance(tiers, Sequence | np.ndarray):
        raise InvalidInputError(
            "tiers must be a sequence of (threshold, off) pairs, e.g. [(200, 20), (300, 40)]"
        )
    if not 0 < len(tiers) <= MAX_TIERS:
        raise InvalidInputError(f"tiers must hold 1 to {MAX_TIERS} tiers; got {len(tiers)}")
    thresholds, offs = [], []
    for i, tier in enumerate(tiers):
        if isinstance(tier, str | bytes) or not is_pair(tier):
            raise InvalidInputError(f"tiers[{i}] must be a (threshold, off) pair; got {tier!r}")
        thresholds.append(amount_minor(tier[0], f"tiers[{i}] threshold", currency))
        offs.append(amount_minor(tier[1], f"tiers[{i}] off", currency))
    t = np.array(thresholds, dtype=np.int64)
    o = np.array(offs, dtype=np.int64)
    raise_at("tiers thresholds", "be > 0", t <= 0, t)
    raise_at("tiers offs", "be > 0", o <= 0, o)
    raise_at("tiers thresholds", "increase from tier to tier", np.diff(t) <= 0, t[1:])
    return t, o


def is_pair(value: Any) -> bool:
    """True for a sequence of exactly two items."""
    try:
        return len(value) == 2
    except TypeError:
        return False


def tiered_discount(
    subtotals: MoneyArray,
    *,
    tiers: Sequence[tuple[MoneyLike | Money, MoneyLike | Money]],
    tiers_mode: TiersMode = "volume",
    cap: MoneyLike | Money | None = None,
) -> MoneyArray:
    r"""Discount of a tiered 满减 (满200减20, 满300减40, ...) on each subtotal.

    With tiers $(X_1, Y_1), \dots, (X_K, Y_K)$, thresholds increasing, and
    $k(s) = \max\{k : s \ge X_k\}$ the highest tier reached:

    $$
    d(s) = \begin{cases}
      Y_{k(s)} & \text{volume: the highest tier reached alone} \\
      \sum_{j \le k(s)} Y_j & \text{graduated: every tier reached adds its off}
    \end{cases}
    $$

    and $d(s) = 0$ below the first threshold; then $\min(d, Z)$ with a cap.

    *Volume* tiers are the 阶梯满减 of the Chinese platforms (满200减20,
    满300减40: 350 gets 40). *Graduated* tiers add up like the flat fees of
    Stripe's graduated tiers: reaching a tier adds its off to the ones below
    (350 gets 20 + 40 = 60).

    Parameters
    ----------
    subtotals : MoneyArray
        Order subtotals $s_i$, each >= 0. [currency]
    tiers : sequence of (threshold, off) pairs
        1 to 1000 tiers, thresholds strictly increasing, offs > 0, amounts as
        `Money` or numbers. Volume tiers need offs that do not decrease and
        each off below its threshold; graduated tiers need each running sum of
        offs below its threshold (no order is ever free). [currency]
    tiers_mode : {"volume", "graduated"}
        How tiers combine; default ``"volume"``.
    cap : Money or number, optional
        The most the rule takes off one order (最多减 $Z$); at least the first
        tier's off. [currency]

    Returns
    -------
    MoneyArray
        The discount of each order, with $0 \le d_i \le s_i$.

    Raises
    ------
    InvalidInputError
        For an empty, unsorted or malformed tier list, an off not below its
        threshold, volume offs that decrease, a cap below the first off, or
        the errors of [`threshold_discount`][ecomops.promotions.threshold_discount].

    References
    ----------
    1. Stripe, "Tiered pricing": volume versus graduated tiers (docs.stripe.com,
       billing/subscriptions/pricing-models/tiered-pricing).
    2. Tmall merchant rules for 阶梯满减 (tiered threshold discounts).

    Examples
    --------
    >>> from ecomops.money import MoneyArray
    >>> from ecomops.promotions import tiered_discount
    >>> s = MoneyArray.from_amounts([199, 200, 350, 500], "CNY")
    >>> tiered_discount(s, tiers=[(200, 20), (300, 40), (500, 80)])
    MoneyArray(['0.00', '20.00', '40.00', '80.00'], currency='CNY')
    >>> tiered_discount(s, tiers=[(200, 20), (300, 40), (500, 80)], tiers_mode="graduated")
    MoneyArray(['0.00', '20.00', '60.00', '140.00'], currency='CNY')
    """
    check_option(tiers_mode, "tiers_mode", TIERS_MODES)
    s, currency = subtotal_minor(subtotals)
    t, o = _tier_list(tiers, currency)
    offs = o if tiers_mode == "volume" else np.cumsum(o)
    raise_at("tiers offs", "be below their threshold", offs >= t, offs)
    if tiers_mode == "volume":
        raise_at("tiers offs", "not decrease from tier to tier", np.diff(o) < 0, o[1:])
    z = _cap_minor(cap, currency, int(o[0]))
    reached = np.searchsorted(t, s, side="right") - 1  # inclusive: s >= X_k
    discount = np.where(reached >= 0, offs[np.maximum(reached, 0)], 0).astype(np.int64)
    return MoneyArray(_capped(discount, z), currency)


def percent_discount(
    subtotals: MoneyArray,
    *,
    rate: Real | Decimal | str,
    threshold: MoneyLike | Money | None = None,
    cap: MoneyLike | Money | None = None,
    rounding: RoundingMode = "half_up",
) -> MoneyArray:
    r"""Discount of a percentage off (打折, 满X打N折) on each subtotal, rounded once.

    $$
    d_i = \min\!\left(R(s_i \cdot r),\ Z\right) \cdot [s_i \ge X]
    $$

    with $R$ the rounding rule applied once to the exact product (integer
    arithmetic on the exact fraction of $r$; no float). The payable is
    $s_i - d_i$; 8.5折 is ``rate=0.15``.

    Parameters
    ----------
    subtotals : MoneyArray
        Order subtotals $s_i$, each >= 0. [currency]
    rate : float, Decimal or str
        Fraction taken off, in (0, 1) (``0.15`` for 15% off, i.e. 8.5折); read
        exactly, a float by its shortest decimal form. [fraction]
    threshold : Money or number, optional
        Only subtotals of at least $X$ get the discount (满X打N折). [currency]
    cap : Money or number, optional
        The most taken off one order (最多减 $Z$), > 0. [currency]
    rounding : {"half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"}
        How the discount is rounded to the minor unit; default ``"half_up"``.
        ``"down"`` favours the shop, ``"up"`` the customer.

    Returns
    -------
    MoneyArray
        The discount of each order, with $0 \le d_i \le s_i$.

    Raises
    ------
    InvalidInputError
        For a rate outside (0, 1), a threshold or cap that is not positive,
        and the subtotal errors of
        [`threshold_discount`][ecomops.promotions.threshold_discount].

    Notes
    -----
    The discount is what is rounded; the payable follows by subtraction, so
    discount and payable always add up to the subtotal exactly. Rounding the
    payable instead ($R(s(1 - r))$) differs from this only at exact ties of
    the half modes.

    References
    ----------
    1. Cowlishaw, M. F., *General Decimal Arithmetic Specification* (the
       rounding modes, as in Python's `decimal`).

    Examples
    --------
    >>> from ecomops.money import MoneyArray
    >>> from ecomops.promotions import percent_discount
    >>> s = MoneyArray.from_amounts(["99.99", "100.10", "300"], "CNY")
    >>> percent_discount(s, rate=0.15)  # 8.5折
    MoneyArray(['15.00', '15.02', '45.00'], currency='CNY')
    >>> percent_discount(s, rate="0.15", threshold=100, cap=40, rounding="down")
    MoneyArray(['0.00', '15.01', '40.00'], currency='CNY')
    """
    check_option(rounding, "rounding", ROUNDING_MODES)
    s, currency = subtotal_minor(subtotals)
    rate_fraction(rate, "rate")
    x = None if threshold is None else amount_minor(threshold, "threshold", currency)
    if x is not None:
        _positive(x, "threshold", threshold)
    z = None if cap is None else amount_minor(cap, "cap", currency)
    if z is not None:
        _positive(z, "cap", cap)
    scaled = MoneyArray(s, currency).scale(to_decimal(rate, "rate"), rounding=rounding)
    discount = _capped(scaled.minor, z)
    if x is not None:
        discount = np.where(s >= x, discount, 0)
    return MoneyArray(np.asarray(discount, dtype=np.int64), currency)
