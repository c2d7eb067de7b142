"""best_coupons: the subset of coupons a customer should use, by exact search (private).

The search walks the promotions in the engine's application order (stage,
priority, id) and decides each coupon as it comes up: use it or not. The
engine's state (what is left on each line, the lines blocked by a "stop
further rules" promotion, the stack groups taken, the stage's price base) is
carried down the search tree, so each node applies one promotion instead of
settling the cart again. A node is abandoned when even the best case cannot
beat the best subset found so far: every promotion still to come can take at
most its *static bound* (its discount on the original prices) and never more
than what is left of its eligible lines.

The settlement of the chosen subset is computed by `settle_cart` itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from ecomops._core.results import Result
from ecomops._money import Money
from ecomops._promotions.cart import Cart, Lines
from ecomops._promotions.compiled import Compiled
from ecomops._promotions.engine import Progress, eligible_lines, stage_order
from ecomops._promotions.models import Promotion
from ecomops._promotions.policy import StackingPolicy
from ecomops._promotions.rules import (
    AmountRule,
    PercentRule,
    ThresholdRule,
)
from ecomops._promotions.settle import (
    MAX_PROMOTIONS,
    Settlement,
    check_inputs,
    compile_promotions,
    settle_cart,
)
from ecomops.exceptions import InvalidInputError

__all__ = [
    "MAX_COUPONS",
    "MAX_NODES",
    "CouponChoice",
    "best_coupons",
    "read_promotions",
    "static_bound",
]

#: Most coupons one search takes.
MAX_COUPONS = 64
#: Most promotion applications (search nodes) one search may make before it gives up.
MAX_NODES = 200_000


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class CouponChoice(Result):
    """The coupons a customer should use, and what they then pay.

    Attributes
    ----------
    coupons : tuple of Promotion
        The chosen coupons, in the order they were offered.
    settlement : Settlement
        [`settle_cart`][ecomops.promotions.settle_cart] of the cart with the
        promotions and the chosen coupons.
    payable : Money
        What the customer pays with them (the settlement's payable). [money]
    saving : Money
        What the chosen coupons save against using none. [money]
    nodes : int
        Promotion applications the search made (its work). [count]

    References
    ----------
    1. Land, A. H. and Doig, A. G. (1960), "An automatic method of solving
       discrete programming problems", *Econometrica* 28(3), 497-520.

    Examples
    --------
    >>> from ecomops.promotions import Cart, Coupon, StackingPolicy, best_coupons
    >>> choice = best_coupons(Cart(["tea"], [300], [1]), [Coupon(id="满300减30", amount=30,
    ...     threshold=300)], policy=StackingPolicy.preset("china_platform"))
    >>> choice.coupon_ids, choice.payable, choice.saving
    (('满300减30',), Money('270.00', 'CNY'), Money('30.00', 'CNY'))
    """

    coupons: tuple[Promotion, ...]
    settlement: Settlement
    payable: Money
    saving: Money
    nodes: int

    @property
    def coupon_ids(self) -> tuple[str, ...]:
        """The ids of the chosen coupons."""
        return tuple(c.id for c in self.coupons)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def static_bound(rule: Compiled, lines: Lines, shipping_fee: int) -> int:
    """The most a promotion can take off this cart, whatever runs before it (minor units).

    Every amount a promotion judges or computes on is at most the original
    amount of its eligible lines, and its discount grows with those amounts, so
    its discount on the original prices (rounded up, before the policy's
    rounding) bounds it. A promotion whose threshold exceeds the original
    eligible amount gets 0: it can never apply.
    """
    scope = eligible_lines(rule, lines)
    amounts = [lines.amounts[i] for i in scope]
    eligible = sum(amounts)
    room = shipping_fee if rule.level == "shipping" else eligible
    kind = rule.rule
    if isinstance(kind, AmountRule):
        if kind.threshold and eligible < kind.threshold:
            return 0
        if kind.per_unit:
            q = lines.quantities
            value = sum(min(kind.amount * q[i], lines.amounts[i]) for i in scope)
        else:
            value = kind.amount
    elif isinstance(kind, PercentRule):
        if kind.threshold and eligible < kind.threshold:
            return 0
        value = sum(_ceil_div(kind.num * a, kind.den) for a in amounts)
        if rule.level == "shipping":
            value = shipping_fee
        if kind.cap is not None:
            value = min(value, kind.cap)
    elif isinstance(kind, ThresholdRule):
        value = _threshold_value(kind, eligible)
    else:  # unit-based rules and bundles: at most what their lines cost
        value = room
    return max(0, min(value, room))


def _threshold_value(rule: ThresholdRule, amount: int) -> int:
    first, off = rule.tiers[0]
    if amount < first:
        return 0
    if rule.repeat == "every":
        off = (amount // first) * off
        return off if rule.cap is None else min(off, rule.cap)
    for threshold, tier_off in rule.tiers:
        if amount >= threshold:
            off = tier_off
    return off


class _Problem:
    """What the search needs, computed once: rules in order, scopes, bounds (private)."""

    def __init__(
        self, cart: Cart, rules: list[Compiled], is_coupon: list[bool], policy: StackingPolicy
    ) -> None:
        lines = cart.lines
        stage_of = policy.__pydantic_private__["_stage"]  # type: ignore[index]
        self.lines = lines
        self.n = lines.n
        self.order = stage_order(rules, stage_of)
        self.rules = [rules[k] for k in self.order]
        self.keys = self.order  # index of each position in the caller's rule list
        self.coupon = [is_coupon[k] for k in self.order]
        self.stage = [stage_of[r.level] for r in self.rules]
        self.scope = [eligible_lines(r, lines) for r in self.rules]
        fee = cart.shipping_fee_minor
        bounds = [static_bound(r, lines, fee) for r in self.rules]
        self.bound = bounds
        self.thresholds = [_threshold_of(r) for r in self.rules]
        self.rest, self.group_rest = _suffix_bounds(self.rules, bounds)
        self.bases = policy.__pydantic_private__["_bases"]  # type: ignore[index]
        self.sequential = policy.threshold_basis == "sequential"
        self.original = (*lines.amounts, fee)


def _suffix_bounds(
    rules: Sequence[Compiled], bounds: Sequence[int]
) -> tuple[list[int], list[dict[str, int]]]:
    """The most the promotions from each position on can take together.

    At most one promotion of a stack group applies, so a group counts with its
    largest bound: ``rest[j]`` sums the bounds of the promotions without a group
    from position ``j`` on, and ``group_rest[j]`` maps each group to its
    largest bound from there (a group already taken adds nothing).
    """
    m = len(rules)
    rest = [0] * (m + 1)
    group_rest: list[dict[str, int]] = [{} for _ in range(m + 1)]
    for j in range(m - 1, -1, -1):
        group = rules[j].stack_group
        rest[j] = rest[j + 1] + (bounds[j] if group is None else 0)
        groups = dict(group_rest[j + 1])
        if group is not None:
            groups[group] = max(groups.get(group, 0), bounds[j])
        group_rest[j] = groups
    return rest, group_rest


def _apply(p: _Problem, s: Progress, j: int) -> bool:
    """Apply the promotion at position ``j`` to the state; True when it took something off."""
    return s.apply(p.rules[j], j, p.stage[j], p.scope[j])[1]


def _judged_at_most(p: _Problem, s: Progress, k: int, free: list[int]) -> int:
    """An upper bound on the amount promotion ``k`` will judge its threshold on."""
    running = s.running
    if p.sequential:
        return sum(running[i] for i in free)
    kind = p.bases[p.rules[k].level]
    if kind == "original":
        amounts: Sequence[int] = p.original
    elif kind == "after_item":
        after_item = s.stages.after_item
        amounts = after_item if after_item is not None else running
    else:  # the stage's running base: fixed once the stage is entered, never above running
        amounts = s.ctx.base if p.stage[k] == s.stage else running
    return sum(amounts[i] for i in free)


def _threshold_of(rule: Compiled) -> int:
    kind = rule.rule
    if isinstance(kind, AmountRule | PercentRule):
        return kind.threshold
    if isinstance(kind, ThresholdRule):
        return kind.tiers[0][0]
    return 0


def _bound_now(p: _Problem, s: Progress, k: int) -> int:
    """The most promotion ``k`` can still take, given the state (never above what is left)."""
    rule = p.rules[k]
    if rule.stack_group is not None and rule.stack_group in s.used:
        return 0
    free = [i for i in p.scope[k] if i not in s.blocked]
    if not free:
        return 0
    left = s.running[p.n] if rule.level == "shipping" else sum(s.running[i] for i in free)
    if left == 0:
        return 0
    threshold = p.thresholds[k]
    if threshold:
        judged = _judged_at_most(p, s, k, free)
        if judged < threshold:
            return 0
        if isinstance(rule.rule, ThresholdRule):
            return min(_threshold_value(rule.rule, judged), left)
    return min(p.bound[k], left)


def _reach_now(p: _Problem, s: Progress, j: int) -> int:
    """The most the promotions from position ``j`` on can take, given the state."""
    total = 0
    groups: dict[str, int] = {}
    for k in range(j, len(p.rules)):
        value = _bound_now(p, s, k)
        group = p.rules[k].stack_group
        if group is None:
            total += value
        elif value > groups.get(group, 0):
            groups[group] = value
    return total + sum(groups.values())


def _later_in_group_may_beat(p: _Problem, s: Progress, j: int, taken: int) -> bool:
    """True when a later coupon of coupon ``j``'s stack group might take more than it does."""
    group = p.rules[j].stack_group
    if group is None:
        return False
    return any(
        p.coupon[k] and p.rules[k].stack_group == group and _bound_now(p, s, k) > taken
        for k in range(j + 1, len(p.rules))
    )


class _Search:
    """Depth-first branch and bound over the coupons, in application order (private)."""

    def __init__(self, p: _Problem) -> None:
        self.p = p
        self.nodes = 0
        self.best: tuple[int, int, tuple[str, ...]] | None = None
        self.best_set: tuple[int, ...] = ()

    def _count(self) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise InvalidInputError(
                f"coupons: the exact search needs more than {MAX_NODES:,} nodes for this cart; "
                "offer fewer coupons, or put coupons that cannot be combined in one stack_group"
            )

    def _record(self, payable: int, chosen: tuple[int, ...]) -> None:
        ids = tuple(sorted(self.p.rules[j].id for j in chosen))
        key = (payable, len(chosen), ids)
        if self.best is None or key < self.best:
            self.best = key
            self.best_set = chosen

    def _pruned(self, s: Progress, j: int, chosen: tuple[int, ...]) -> bool:
        if self.best is None:
            return False
        p = self.p
        left = sum(s.running)
        best_payable, best_count, _ = self.best

        def beaten(reach: int) -> bool:
            low = max(0, left - reach)
            return low > best_payable or (low == best_payable and len(chosen) > best_count)

        cheap = p.rest[j] + sum(v for g, v in p.group_rest[j].items() if g not in s.used)
        return beaten(cheap) or beaten(_reach_now(p, s, j))

    def run(self, s: Progress, j: int, chosen: tuple[int, ...]) -> None:
        """Explore from position ``j`` with state ``s`` (owned by this call)."""
        p = self.p
        m = len(p.rules)
        while j < m and not p.coupon[j]:  # promotions always run
            self._count()
            _apply(p, s, j)
            j += 1
        if j == m:
            self._record(sum(s.running), chosen)
            return
        if self._pruned(s, j, chosen):
            return
        self._count()
        with_coupon = s.copy()
        if not _apply(p, with_coupon, j):  # a coupon that takes nothing is never worth using
            self.run(s, j + 1, chosen)
            return
        taken = sum(s.running) - sum(with_coupon.running)
        if _later_in_group_may_beat(p, s, j, taken):  # look at the better one first
            self.run(s.copy(), j + 1, chosen)
            self.run(with_coupon, j + 1, (*chosen, j))
        else:
            self.run(with_coupon, j + 1, (*chosen, j))
            self.run(s, j + 1, chosen)


def read_promotions(value: Any, name: str, limit: int) -> tuple[Promotion, ...]:
    """A sequence of promotion models as a tuple, at most ``limit`` of them."""
    if isinstance(value, Promotion | str | bytes) or not isinstance(value, Iterable):
        raise InvalidInputError(
            f"{name} must be a sequence of promotion models; got {type(value).__name__}"
        )
    out = tuple(value)
    if len(out) > limit:
        raise InvalidInputError(f"{name} must hold at most {limit}; got {len(out)}")
    return out


def best_coupons(
    cart: Cart,
    coupons: Sequence[Promotion],
    *,
    promotions: Sequence[Promotion] = (),
    policy: StackingPolicy,
) -> CouponChoice:
    r"""The subset of coupons a customer should use: the lowest payable, found exactly.

    $$
    S^* = \arg\min_{S \subseteq C} \operatorname{payable}(P \cup S)
    $$

    over the offered coupons $C$, with the promotions $P$ always running and
    ``payable`` the one [`settle_cart`][ecomops.promotions.settle_cart]
    computes under ``policy``. Ties go to the fewest coupons, then to the
    smallest sorted tuple of coupon ids, so the answer never depends on the
    order coupons are offered in.

    Parameters
    ----------
    cart : Cart
        The cart.
    coupons : sequence of Promotion
        The coupons the customer holds (usually [`Coupon`][ecomops.promotions.Coupon];
        any promotion model works), at most 64; ids unique together with
        ``promotions``.
    promotions : sequence of Promotion
        Promotions that apply anyway (满减, 折), default none.
    policy : StackingPolicy
        How promotions and coupons stack, as in ``settle_cart``; stack groups
        decide which coupons exclude each other.

    Returns
    -------
    CouponChoice
        The chosen coupons, the settlement with them, the payable, the saving
        against using no coupon, and the search's node count.

    Raises
    ------
    InvalidInputError
        For the input errors of ``settle_cart``, more than 64 coupons, or a
        search that would need more than 200,000 nodes.

    Notes
    -----
    Exact branch and bound. The search decides the coupons in the engine's
    application order, carrying the engine's state down the tree (one
    promotion applied per node, not one settlement per subset). Pruning:

    * a coupon that takes nothing where it comes up (threshold not met, stack
      group already taken, nothing left) is not used: using it changes no
      amount and adds a coupon;
    * a branch is cut when what is left to pay, minus the most every
      promotion and coupon still to come could take (each one's discount on
      the original prices, a bound whatever runs before it), cannot beat the
      best subset found; the bound is never below zero.

    Coupons sharing a stack group are thus used at most one at a time (the
    engine would skip the second). Limits: 64 coupons, 200,000 nodes; the
    worst case is exponential in the coupons that can all apply together, and
    stack groups keep real coupon wallets far below the limit.

    References
    ----------
    1. Land, A. H. and Doig, A. G. (1960), "An automatic method of solving
       discrete programming problems", *Econometrica* 28(3), 497-520
       (branch and bound).
    2. 淘宝, 《淘宝平台优惠券使用规则》 (one coupon of each kind per order; the
       checkout picks the best combination).

    Examples
    --------
    >>> from ecomops.promotions import Cart, Coupon, StackingPolicy, best_coupons
    >>> cart = Cart(["tea", "cup"], ["199.00", "100.00"], [1, 1])
    >>> wallet = [
    ...     Coupon(id="满200减20", amount=20, threshold=200, stack_group="shop"),
    ...     Coupon(id="满299减40", amount=40, threshold=299, stack_group="shop"),
    ...     Coupon(id="平台9折", rate="9折", cap=25, level="platform"),
    ... ]
    >>> choice = best_coupons(cart, wallet, policy=StackingPolicy.preset("sequential_mall"))
    >>> choice.coupon_ids, choice.payable
    (('满299减40', '平台9折'), Money('234.00', 'CNY'))
    """
    check_inputs(cart, policy)
    offered = read_promotions(coupons, "coupons", MAX_COUPONS)
    base = read_promotions(promotions, "promotions", MAX_PROMOTIONS)
    everything, compiled = compile_promotions((*base, *offered), cart.currency, policy)
    is_coupon = [k >= len(base) for k in range(len(everything))]
    problem = _Problem(cart, compiled, is_coupon, policy)
    search = _Search(problem)
    start = Progress(cart.lines, cart.shipping_fee_minor, policy)
    search.run(start, 0, ())
    chosen_keys = sorted(problem.keys[j] - len(base) for j in search.best_set)
    chosen = tuple(offered[k] for k in chosen_keys)
    settlement = settle_cart(cart, (*base, *chosen), policy=policy)
    without = settle_cart(cart, base, policy=policy).payable_minor if chosen else None
    saving = 0 if without is None else without - settlement.payable_minor
    return CouponChoice(
        chosen, settlement, settlement.payable, Money.from_minor(saving, cart.currency),
        search.nodes,
    )  # fmt: skip
