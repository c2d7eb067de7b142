"""simulate_promotions: settle a columnar batch of past orders at numpy speed (private).

The engine of `settle_cart` runs one cart at a time on Python integers. Here
the same stages run once per promotion over *all* orders: the lines of every
order sit in one set of int64 columns, sorted by order and then by the cart's
canonical line key, and every step of the engine (eligibility, stack groups,
"stop further rules", thresholds, rounding, the capped largest-remainder
split) is a vectorised segment operation (``np.bincount`` over the order
index, ranks within orders). Each step mirrors the engine's rule for rule, so
every order settles to exactly what `settle_cart` gives it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from ecomops._core.columns import AnyArray, factorize_ids
from ecomops._core.results import Table
from ecomops._core.typing import ArrayLike, BoolArray, IntArray
from ecomops._core.validation import as_int_array, as_plain_array, raise_at
from ecomops._money import Currency, CurrencyLike, Money, MoneyArray
from ecomops._money.allocation import rank_within_groups
from ecomops._money.bulk import bulk_minor
from ecomops._money.exact import divide_rounded
from ecomops._promotions.compiled import Compiled
from ecomops._promotions.engine import stage_order
from ecomops._promotions.models import Promotion
from ecomops._promotions.policy import StackingPolicy
from ecomops._promotions.rules import AmountRule, PercentRule, QuantityRule, ThresholdRule
from ecomops._promotions.search import read_promotions
from ecomops._promotions.settle import MAX_PROMOTIONS, compile_promotions
from ecomops.exceptions import CurrencyMismatchError, InvalidInputError

__all__ = ["OrderBatch", "PromotionSimulation", "simulate_promotions"]

#: Largest line amount and order subtotal, in minor units (as a `Cart` allows).
MAX_MINOR = 2**53


def _codes(values: Any, name: str) -> tuple[IntArray, AnyArray]:
    """Sorted codes and unique values of an id column (masked values refused by name)."""
    if isinstance(values, np.ma.MaskedArray):
        values = as_plain_array(values, name)
    return factorize_ids(values, name)


def _keys(values: Any, name: str, n: int) -> tuple[IntArray, AnyArray]:
    """Sorted codes of a string key column (default: every line ``""``)."""
    if values is None:
        return np.zeros(n, dtype=np.int64), np.array([""])
    codes, uniques = _codes(values, name)
    if codes.size and uniques.dtype.kind != "U":
        raise InvalidInputError(f"{name} must be strings; got {uniques.dtype}")
    if codes.size != n:
        raise InvalidInputError(f"{name} must have one value per line ({n}); got {codes.size}")
    return codes, uniques


def _prices(unit_prices: Any, currency: CurrencyLike | None) -> tuple[IntArray, Currency]:
    """Unit prices as int64 minor units, whole numbers of minor units, >= 0."""
    if isinstance(unit_prices, MoneyArray):
        cur = unit_prices.currency
        if currency is not None and Currency(currency) != cur:
            raise CurrencyMismatchError(
                f"unit_prices are in {cur.code} but currency is {Currency(currency).code}"
            )
        minor = unit_prices.minor.reshape(-1)
    else:
        cur = Currency("CNY" if currency is None else currency)
        minor = np.asarray(bulk_minor(unit_prices, cur, None, False, "unit_prices"))
        if minor.ndim != 1:
            raise InvalidInputError(f"unit_prices must be 1-dimensional; got shape {minor.shape}")
    raise_at("unit_prices", "be >= 0", minor < 0, minor)
    raise_at("unit_prices", "be below 2**53 minor units", minor > MAX_MINOR, minor)
    return minor, cur


class OrderBatch:
    """The lines of many orders as flat columns: the input of `simulate_promotions`.

    One row per order line, with the id of the order it belongs to; the
    columns are those of a [`Cart`][ecomops.promotions.Cart]. Validated and
    sorted once (by order, then by the cart's canonical line key), so one
    batch can be simulated under many promotion sets.

    Parameters
    ----------
    order_ids : array_like of int or str, shape (n,)
        The order of each line; an order's lines need not be adjacent.
    skus : array_like of str, shape (n,)
        SKU of each line.
    unit_prices : MoneyArray or array_like, shape (n,)
        Unit price of each line, >= 0, a whole number of minor units. [money/unit]
    quantities : array_like of int, shape (n,)
        Pieces on each line, >= 0. [pieces]
    categories, shops : array_like of str, shape (n,), optional
        Category and shop of each line; default ``""``.
    currency : str or Currency, optional
        Currency of plain-number prices; default that of a `MoneyArray`, else
        ``"CNY"``.

    Raises
    ------
    InvalidInputError
        For missing ids, non-string keys, negative or fractional prices or
        quantities, columns of different lengths, or a line or order above
        $2^{53}$ minor units.

    Examples
    --------
    >>> from ecomops.promotions import OrderBatch
    >>> orders = OrderBatch([7, 7, 9], ["tea", "cup", "tea"], ["89.00", "29.90", 89], [2, 1, 1])
    >>> len(orders), orders.order_ids.tolist()
    (3, [7, 9])
    """

    __slots__ = (
        "amounts", "categories", "category_names", "currency", "groups", "n_orders", "order_ids",
        "prices", "quantities", "shop_names", "shops", "sku_names", "skus", "starts",
    )  # fmt: skip

    def __init__(
        self,
        order_ids: ArrayLike,
        skus: ArrayLike,
        unit_prices: ArrayLike | MoneyArray,
        quantities: ArrayLike,
        *,
        categories: ArrayLike | None = None,
        shops: ArrayLike | None = None,
        currency: CurrencyLike | None = None,
    ) -> None:
        groups, ids = _codes(order_ids, "order_ids")
        n = groups.size
        sku, sku_names = _keys(skus, "skus", n)
        cat, cat_names = _keys(categories, "categories", n)
        shop, shop_names = _keys(shops, "shops", n)
        price, cur = _prices(unit_prices, currency)
        qty = as_int_array(quantities, "quantities", ndim=1)
        for name, col in (("unit_prices", price), ("quantities", qty)):
            if col.size != n:
                raise InvalidInputError(
                    f"{name} must have one value per line ({n}); got {col.size}"
                )
        raise_at("quantities", "be >= 0", qty < 0, qty)
        raise_at("quantities", "be below 2**53", qty > MAX_MINOR, qty)
        amount = _line_amounts(price, qty)
        order = _canonical_order(groups, sku, shop, cat, price, qty)
        self.groups = groups[order]
        self.n_orders = int(ids.size)
        self.order_ids = ids
        self.skus, self.categories, self.shops = sku[order], cat[order], shop[order]
        self.sku_names, self.category_names, self.shop_names = sku_names, cat_names, shop_names
        self.prices, self.quantities, self.amounts = price[order], qty[order], amount[order]
        self.currency = cur
        self.starts = np.r_[0, np.flatnonzero(np.diff(self.groups)) + 1] if n else self.groups
        subtotals = _segment_sums(self.amounts, self.starts)
        raise_at("unit_prices", "give orders below 2**53 minor units", subtotals > MAX_MINOR,
                 subtotals)  # fmt: skip

    def __len__(self) -> int:
        return int(self.groups.size)

    def __repr__(self) -> str:
        code = self.currency.code
        return f"OrderBatch({len(self)} lines, {self.n_orders} orders, currency={code!r})"


def _canonical_order(
    groups: IntArray, sku: IntArray, shop: IntArray, cat: IntArray, price: IntArray, qty: IntArray
) -> IntArray:
    """Lines sorted by order, then by the cart's key (sku, shop, category, price, quantity).

    One sort on a combined integer key of the small codes; the lines of an
    order sharing sku, shop and category (rare) are then ordered by price and
    quantity among themselves.
    """
    spans = [int(c.max(initial=0)) + 1 for c in (sku, shop, cat)]
    if int(groups.max(initial=0) + 1) * spans[0] * spans[1] * spans[2] >= 2**62:
        return np.lexsort((qty, price, cat, shop, sku, groups))
    combo = ((groups * spans[0] + sku) * spans[1] + shop) * spans[2] + cat
    order = np.argsort(combo, kind="stable")
    keys = combo[order]
    tied = np.zeros(keys.size, dtype=bool)
    same = keys[1:] == keys[:-1]
    tied[1:] |= same
    tied[:-1] |= same
    if tied.any():
        at = np.flatnonzero(tied)
        rows = order[at]
        order[at] = rows[np.lexsort((qty[rows], price[rows], combo[rows]))]
    return order


def _line_amounts(price: IntArray, qty: IntArray) -> IntArray:
    """Unit price times quantity, refusing a line above 2**53 minor units."""
    big = (qty > 0) & (price > MAX_MINOR // np.maximum(qty, 1))
    raise_at("quantities", "keep each line below 2**53 minor units", big, qty)
    return price * qty


def _segment_sums(values: IntArray, starts: IntArray) -> IntArray:
    """Exact int64 sums of the runs of a column sorted by order (every order has a line).

    Differences of one running sum where the grand total cannot overflow int64
    (the usual case, and the fastest), ``np.add.reduceat`` otherwise.
    """
    if starts.size == 0:
        return np.zeros(0, dtype=np.int64)
    if int(np.abs(values).max()) * values.size < 2**63:
        running = np.cumsum(values)
        ends = running[np.r_[starts[1:], values.size] - 1]
        sums: IntArray = np.diff(ends, prepend=0)
        return sums
    out: IntArray = np.add.reduceat(values, starts)
    return out


def _small_sums(values: IntArray, groups: IntArray, n: int) -> IntArray:
    """Per-order sums of non-negative amounts whose totals stay below 2**53 (exact in float64)."""
    return np.bincount(groups, weights=values, minlength=n).astype(np.int64)


def ranks_in_runs(groups: IntArray, keys: IntArray) -> IntArray:
    """0-based rank of each row in its run of equal ``groups``: largest key first, ties to
    the earlier row. ``groups`` is sorted.

    Short runs (the usual order of a few lines) are ranked by comparing each row
    with its neighbours at distance 1, 2, ... (one vectorised pass per distance,
    at most 32); longer runs by one sort.
    """
    n = groups.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
    longest = int(np.diff(np.r_[starts, n]).max())
    if longest > 32:
        return rank_within_groups(groups, [-keys])
    rank = np.zeros(n, dtype=np.int64)
    for d in range(1, longest):
        same = groups[d:] == groups[:-d]
        earlier, later = keys[:-d], keys[d:]
        rank[:-d] += same & (later > earlier)
        rank[d:] += same & (earlier >= later)
    return rank


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class PromotionSimulation(Table):
    """What promotions would have done to a batch of orders: one row per order.

    Attributes
    ----------
    order_id : ndarray
        The order (sorted ids), the key to join back on.
    subtotal, discount, payable : MoneyArray
        Each order's subtotal, the discount of all promotions, and what the
        customer would have paid (``subtotal - discount``). [money]
    total_discount : Money
        The cost of the promotions over the batch (sum of ``discount``). [money]
    promotion_ids : tuple of str
        The promotions, in the caller's order.
    promotion_discounts : tuple of Money
        What each promotion cost over the batch, in the caller's order. [money]

    Examples
    --------
    >>> from ecomops.promotions import (OrderBatch, StackingPolicy, ThresholdDiscount,
    ...     simulate_promotions)
    >>> orders = OrderBatch([1, 1, 2], ["tea", "cup", "tea"], [199, 100, 150], [1, 1, 1])
    >>> sim = simulate_promotions(orders, [ThresholdDiscount(id="每满200减30", threshold=200,
    ...     off=30, repeat="every")], policy=StackingPolicy.preset("china_platform"))
    >>> sim.payable, sim.total_discount
    (MoneyArray(['269.00', '150.00'], currency='CNY'), Money('30.00', 'CNY'))
    """

    order_id: AnyArray
    subtotal: MoneyArray
    discount: MoneyArray
    payable: MoneyArray
    total_discount: Money
    promotion_ids: tuple[str, ...]
    promotion_discounts: tuple[Money, ...]


class _Batch:
    """The engine's state over every order at once (private)."""

    def __init__(self, orders: OrderBatch, policy: StackingPolicy) -> None:
        self.o = orders
        self.g = orders.groups
        self.n = orders.n_orders
        self.running = orders.amounts.copy()
        self.original = orders.amounts
        self.blocked = np.zeros(len(orders), dtype=bool)
        self.used: dict[str, BoolArray] = {}
        self.base: IntArray = self.original
        self.after_item: IntArray | None = None
        self.stage = -1
        private = policy.__pydantic_private__
        self.stage_of = private["_stage"]  # type: ignore[index]
        self.bases = private["_bases"]  # type: ignore[index]
        self.item_stage = self.stage_of.get("item")
        self.sequential = policy.threshold_basis == "sequential"
        self.compound = policy.percent_stacking == "compound"
        self.rounding = policy.rounding
        self.line_rounding = policy.rounding_point == "line"

    def enter(self, rule: Compiled) -> None:
        """Set the price base on entering a rule's stage (as the engine does)."""
        stage = self.stage_of[rule.level]
        if stage == self.stage:
            return
        self.stage = stage
        if self.after_item is None and self.item_stage is not None and stage > self.item_stage:
            self.after_item = self.running.copy()
        kind = self.bases[rule.level]
        if kind == "original":
            self.base = self.original
        elif kind == "after_item":
            self.base = self.after_item if self.after_item is not None else self.original
        else:
            self.base = self.running.copy()

    @property
    def threshold(self) -> IntArray:
        return self.running if self.sequential else self.base

    @property
    def percent(self) -> IntArray:
        return self.running if self.compound else self.base

    def sums(self, values: IntArray, mask: BoolArray) -> IntArray:
        """Per-order sums of ``values`` over the lines in ``mask``."""
        return _segment_sums(values * mask, self.o.starts)


def _scope(rule: Compiled, o: OrderBatch) -> BoolArray:
    """Lines in a promotion's scope."""
    mask = np.ones(len(o), dtype=bool)
    for allowed, codes, names in (
        (rule.skus, o.skus, o.sku_names),
        (rule.categories, o.categories, o.category_names),
        (rule.shops, o.shops, o.shop_names),
    ):
        if allowed is not None:
            mask &= np.isin(codes, np.flatnonzero(np.isin(names, list(allowed))))
    return mask


def _product(a: IntArray, b: Any) -> np.ndarray:
    """``a * b`` exactly: int64 when it cannot overflow, Python ints otherwise."""
    top = int(np.max(np.abs(a), initial=0)) * int(np.max(np.abs(np.asarray(b)), initial=0))
    if top < 2**62:
        out: np.ndarray = np.multiply(a, b, dtype=np.int64)
        return out
    big: np.ndarray = a.astype(object) * np.asarray(b).astype(object)
    return big


def split(b: _Batch, total: IntArray, weights: IntArray, mask: BoolArray) -> IntArray:
    """Largest-remainder split of each order's ``total`` over its lines in ``mask``.

    The engine's `split` for every order at once: quotas ``T w // W``, the
    missing units to the largest remainders, ties to the lower (canonical)
    line; an order whose total or weight sum is 0 gets nothing.
    """
    g = b.g
    wsum = b.sums(weights, mask)
    ok = (total > 0) & (wsum > 0)
    shares = np.zeros(g.size, dtype=np.int64)
    idx = np.flatnonzero(mask & ok[g])
    if idx.size == 0:
        return shares
    gi = g[idx]
    numerator = _product(total[gi], weights[idx])
    quota, remainder = np.divmod(numerator, wsum[gi])
    quota = np.asarray(quota, dtype=np.int64)
    missing = total - _small_sums(quota, gi, b.n)  # quotas sum to at most the total
    need = missing[gi] > 0
    if need.any():
        rem = np.asarray(remainder[need], dtype=np.int64)  # < W <= 2**53
        rank = ranks_in_runs(gi[need], rem)
        quota[need] += (rank < missing[gi[need]]).astype(np.int64)
    shares[idx] = quota
    return shares


def split_capped(
    b: _Batch, total: IntArray, weights: IntArray, caps: IntArray, mask: BoolArray
) -> IntArray:
    """The engine's `split_capped` for every order: no part above its line's cap.

    Orders whose plain split keeps every part under its cap keep it; the
    others repeat the engine's rounds (hold the parts that would exceed their
    cap at it, split what is left over the other lines), all such orders in
    lockstep, at most one round per line.
    """
    g = b.g
    shares = split(b, total, weights, mask)
    over = mask & (shares > caps)
    bad = np.zeros(b.n, dtype=bool)
    bad[g[over]] = True
    if not bad.any():
        return shares
    active = mask & bad[g]
    shares[active] = 0
    fixed = np.zeros(g.size, dtype=bool)
    left = np.where(bad, total, 0)
    while (left > 0).any():
        going = left > 0
        open_ = active & ~fixed & going[g]
        w = np.where(open_, weights, 0)
        empty = b.sums(w, open_) == 0
        w = np.where(open_ & empty[g], caps - shares, w)
        parts = split(b, left, w, open_)
        too_big = open_ & (shares + parts > caps)
        hit = np.zeros(b.n, dtype=bool)
        hit[g[too_big]] = True
        done = open_ & ~hit[g]
        shares[done] += parts[done]
        left[going & ~hit] = 0
        left -= b.sums(caps - shares, too_big)
        shares[too_big] = caps[too_big]
        fixed |= too_big
    return shares


def _fixed_shares(b: _Batch, amount: IntArray, free: BoolArray) -> IntArray:
    """A fixed amount per order over its free lines by base, capped at what is left."""
    room = b.sums(b.running, free)
    return split_capped(b, np.minimum(amount, room), b.base, b.running, free)


def _percent_shares(
    b: _Batch, num: IntArray, den: int, cap: int | None, free: BoolArray
) -> IntArray:
    """``num/den`` of the free lines' percent base per order, rounded, capped (engine rule)."""
    g, weights, caps = b.g, b.percent, b.running
    if not b.line_rounding:
        wsum = b.sums(weights, free)
        total = np.asarray(divide_rounded(_product(wsum, num), den, b.rounding), dtype=np.int64)
        if cap is not None:
            total = np.minimum(total, cap)
        return split_capped(b, np.minimum(total, b.sums(caps, free)), weights, caps, free)
    per_line = _product(np.where(free, weights, 0), num[g])
    rounded = np.asarray(divide_rounded(per_line, den, b.rounding), dtype=np.int64)
    shares = np.where(free, np.minimum(rounded, caps), 0)
    if cap is None:
        return shares
    over = b.sums(shares, free) > cap
    if not over.any():
        return shares
    capped = split_capped(b, np.full(b.n, cap, dtype=np.int64), weights, caps, free & over[g])
    return np.where(over[g], capped, shares)


def _met(b: _Batch, threshold: int, free: BoolArray) -> BoolArray:
    """Orders whose free lines reach ``threshold`` on the threshold amounts (inclusive)."""
    if not threshold:
        return np.ones(b.n, dtype=bool)
    return b.sums(b.threshold, free) >= threshold


def _compute(b: _Batch, rule: Compiled, free: BoolArray) -> IntArray:
    """Each line's share of one promotion (0 where it does not apply)."""
    kind = rule.rule
    g = b.g
    if isinstance(kind, ThresholdRule):
        reached = b.sums(b.threshold, free)
        first = kind.tiers[0][0]
        offs = _threshold_offs(kind, reached)
        return _masked(_fixed_shares(b, offs, free & (reached >= first)[g]), reached >= first, g)
    if isinstance(kind, AmountRule):
        met = _met(b, kind.threshold, free)
        lines = free & met[g]
        if kind.per_unit:
            return np.where(lines, np.minimum(_product(b.o.quantities, kind.amount), b.running), 0)
        return _fixed_shares(b, np.where(met, kind.amount, 0), lines)
    if isinstance(kind, PercentRule):
        met = _met(b, kind.threshold, free)
        num = np.where(met, kind.num, 0)
        return _percent_shares(b, num, kind.den, kind.cap, free & met[g])
    if isinstance(kind, QuantityRule) and kind.mode == "volume":
        units = b.sums(b.o.quantities, free)
        num = np.zeros(b.n, dtype=np.int64)
        for min_q, rate_num in kind.tiers:
            num[units >= min_q] = rate_num
        return _percent_shares(b, num, kind.den, None, free & (num > 0)[g])
    raise InvalidInputError(
        f"promotions: {rule.id!r} ({_kind_name(kind)}) is not vectorised in simulate_promotions; "
        "settle those orders with settle_cart, or simulate without it"
    )


def _masked(shares: IntArray, met: BoolArray, g: IntArray) -> IntArray:
    return np.where(met[g], shares, 0)


def _threshold_offs(rule: ThresholdRule, reached: IntArray) -> IntArray:
    """The off of a 满减 for each order's reached amount (0 below the first threshold)."""
    first, off = rule.tiers[0]
    if rule.repeat == "every":
        offs = (reached // first) * off
        return offs if rule.cap is None else np.minimum(offs, rule.cap)
    out = np.zeros(reached.size, dtype=np.int64)
    for threshold, tier_off in rule.tiers:
        out[reached >= threshold] = tier_off
    return out


def _kind_name(kind: Any) -> str:
    names = {"BuyGetRule": "buy X get Y", "BundleRule": "bundle price",
             "QuantityRule": "graduated quantity tiers"}  # fmt: skip
    return names.get(type(kind).__name__, type(kind).__name__)


def _apply(b: _Batch, rule: Compiled, scope: BoolArray) -> IntArray:
    """One promotion over every order: stacking checks, shares, state updates."""
    b.enter(rule)
    g = b.g
    group = rule.stack_group
    taken = b.used.get(group) if group is not None else None
    free = scope & ~b.blocked
    if taken is not None:
        free &= ~taken[g]
    shares = _compute(b, rule, free)
    applied = b.sums(shares, free) > 0
    shares = np.where(applied[g] & free, shares, 0)
    b.running -= shares
    if rule.stop_further:
        b.blocked |= free & applied[g]
    if group is not None:
        b.used[group] = applied if taken is None else taken | applied
    return shares


def _check_supported(rules: Sequence[Compiled]) -> None:
    """Refuse, before any work, the rule kinds the batch engine does not vectorise."""
    for rule in rules:
        kind = rule.rule
        vectorised = isinstance(kind, ThresholdRule | AmountRule | PercentRule) or (
            isinstance(kind, QuantityRule) and kind.mode == "volume"
        )
        if not vectorised:
            raise InvalidInputError(
                f"promotions: {rule.id!r} ({_kind_name(kind)}) is not vectorised in "
                "simulate_promotions; settle those orders with settle_cart, or simulate "
                "without it"
            )


def simulate_promotions(
    orders: OrderBatch, promotions: Sequence[Promotion], *, policy: StackingPolicy
) -> PromotionSimulation:
    r"""What promotions would have cost on past orders: every order settled, vectorised.

    Each order is settled as [`settle_cart`][ecomops.promotions.settle_cart]
    settles a cart of its lines (no shipping fee) under ``promotions`` and
    ``policy``, exactly:

    $$
    \text{payable}_o = \sum_{i \in o} p_i q_i - \sum_j D_{jo}, \qquad
    \text{cost} = \sum_o \sum_j D_{jo}
    $$

    Parameters
    ----------
    orders : OrderBatch
        The orders' lines as flat columns with an order id.
    promotions : sequence of Promotion
        The promotions to simulate (at most 1,000): percentages, amounts,
        满减 (once, every, tiered), 满X打N折, coupons and volume quantity
        tiers. Buy X get Y, bundle prices and graduated quantity tiers are not
        vectorised and are refused by name.
    policy : StackingPolicy
        How they stack.

    Returns
    -------
    PromotionSimulation
        One row per order (``order_id``, ``subtotal``, ``discount``,
        ``payable``), the total cost and each promotion's cost.

    Raises
    ------
    InvalidInputError
        For orders that are not `OrderBatch`, a promotion in another currency,
        a duplicate id, a level the policy does not list, or a promotion kind
        that is not vectorised (named).

    Notes
    -----
    Each promotion is one pass of segment operations over all lines
    (``np.add.at`` / ``bincount`` sums per order, ranks within orders for the
    largest remainders); the capped split repeats its rounds for the few
    orders that need them. No loop runs over orders. Shipping-level promotions
    take nothing (past orders carry no shipping fee here). Property tests check
    every order against `settle_cart`.

    References
    ----------
    1. Balinski, M. L. and Young, H. P. (2001), *Fair Representation*, 2nd ed.
       (largest remainder, as `settle_cart` splits discounts).
    2. 天猫, 《天猫跨店满减规则》 (每满减 judged on the price after item discounts).

    Examples
    --------
    >>> from ecomops.promotions import (Coupon, OrderBatch, StackingPolicy, ThresholdDiscount,
    ...     simulate_promotions)
    >>> orders = OrderBatch(["A", "A", "B", "C"], ["tea", "cup", "tea", "pot"],
    ...                     ["199.00", "100.00", "89.00", "420.00"], [1, 1, 2, 1])
    >>> sim = simulate_promotions(orders, [
    ...     ThresholdDiscount(id="每满200减30", threshold=200, off=30, repeat="every",
    ...                       level="cross_shop"),
    ...     Coupon(id="满200减20", amount=20, threshold=200, level="platform"),
    ... ], policy=StackingPolicy.preset("china_platform"))
    >>> sim.payable
    MoneyArray(['249.00', '178.00', '340.00'], currency='CNY')
    >>> sim.total_discount
    Money('130.00', 'CNY')
    """
    if not isinstance(orders, OrderBatch):
        raise InvalidInputError(f"orders must be OrderBatch; got {type(orders).__name__}")
    if not isinstance(policy, StackingPolicy):
        raise InvalidInputError(f"policy must be a StackingPolicy; got {type(policy).__name__}")
    promos = read_promotions(promotions, "promotions", MAX_PROMOTIONS)
    promos, compiled = compile_promotions(promos, orders.currency, policy)
    active = [k for k, r in enumerate(compiled) if r.level != "shipping"]
    _check_supported([compiled[k] for k in active])
    batch = _Batch(orders, policy)
    costs = [0] * len(compiled)
    for k in stage_order(compiled, batch.stage_of):
        if compiled[k].level == "shipping":
            continue
        shares = _apply(batch, compiled[k], _scope(compiled[k], orders))
        costs[k] = int(shares.sum())
    return _result(orders, batch, promos, costs)


def _result(
    orders: OrderBatch, batch: _Batch, promos: Sequence[Promotion], costs: list[int]
) -> PromotionSimulation:
    cur = orders.currency
    subtotal = _segment_sums(orders.amounts, orders.starts)
    payable = _segment_sums(batch.running, orders.starts)
    discount = subtotal - payable
    return PromotionSimulation(
        orders.order_ids,
        MoneyArray(subtotal, cur),
        MoneyArray(discount, cur),
        MoneyArray(payable, cur),
        Money.from_minor(int(discount.sum()), cur),
        tuple(p.id for p in promos),
        tuple(Money.from_minor(c, cur) for c in costs),
    )
