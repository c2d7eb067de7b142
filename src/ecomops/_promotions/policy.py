"""The stacking policy: stage order, price bases, thresholds, percentages, rounding (private)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import PrivateAttr, field_validator, model_validator

from ecomops._core.models import EcomopsModel
from ecomops._core.typing import (
    PROMOTION_LEVELS,
    STACKING_PRESETS,
    PercentStacking,
    PriceBase,
    PromotionAllocation,
    PromotionLevel,
    RoundingMode,
    RoundingPoint,
    StackingPreset,
    ThresholdBasis,
)
from ecomops._core.validation import check_option

__all__ = ["StackingPolicy"]


class StackingPolicy(EcomopsModel):
    r"""How promotions stack: stage order, price bases, thresholds, percentages, rounding.

    Promotions run in stages, one per level, in the order of ``levels`` (within
    a stage by ``priority``, then ``id``). Every stage has a **price base**:

    * ``"original"``: the lines' original amounts (unit price × quantity);
    * ``"after_item"``: the amounts after the item stage (单品优惠后价);
    * ``"running"``: the amounts entering this stage.

    ``threshold_basis`` says what a threshold is judged on: ``"sequential"``,
    the running amount when the promotion comes up (after every earlier
    promotion, so a 满减 can push the cart below a coupon's threshold);
    ``"parallel"``, the stage's price base (promotions of a stage, and stages
    sharing a base, judge thresholds on the same amounts). ``percent_stacking``
    says what a percentage is computed on: ``"compound"``, the running amount
    (5 % then 10 % off 100 pays 85.50); ``"add"``, the stage's price base
    (both on 100: pays 85.00). Fixed amounts are split over the eligible lines
    by their price base, largest remainder.

    Invariants whatever the policy: a discount never exceeds what is left of
    the lines it applies to, so no line and no cart is ever payable below zero;
    every discount is rounded once, with ``rounding``, and its per-line parts
    sum to it exactly.

    Attributes
    ----------
    levels : tuple of str
        Stage order, each level once; default item, shop, cross_shop, platform, shipping.
    price_base : tuple of (level, base)
        The price base of each level (a mapping is accepted; levels not listed
        use ``"running"``). ``"after_item"`` needs ``"item"`` earlier in ``levels``.
    threshold_basis : {"sequential", "parallel"}
        Default ``"sequential"``.
    percent_stacking : {"compound", "add"}
        Default ``"compound"``.
    rounding : {"half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"}
        Rounding of every computed discount to the minor unit; default ``"half_up"``.
    rounding_point : {"promotion", "line"}
        Round a percentage once on the promotion's total, then split it
        (``"promotion"``, default), or once per line (``"line"``). Unit-based
        rules (buy X get Y, graduated tiers) round per line.
    allocation_method : {"largest_remainder"}
        How a discount is split over eligible lines (Hamilton's method over the
        eligible lines only, by their base amounts, ties by the stable line key).

    References
    ----------
    1. 天猫, 《天猫跨店满减规则》 and 淘宝, 《淘宝平台优惠券使用规则》: thresholds of
       shop and cross-shop 满减 and coupons judged on the price after item discounts.
    2. commercetools, *Cart Discounts*: sortOrder and stackingMode
       (StopAfterThisDiscount), docs.commercetools.com.
    3. Shopify, *Discount combinations* (product, order and shipping classes),
       help.shopify.com/manual/discounts/combining-discounts.

    Examples
    --------
    >>> StackingPolicy.preset("china_platform").threshold_basis
    'parallel'
    >>> StackingPolicy(percent_stacking="add").base_of("shop")
    'running'
    """

    levels: tuple[PromotionLevel, ...] = PROMOTION_LEVELS
    price_base: tuple[tuple[PromotionLevel, PriceBase], ...] = ()
    threshold_basis: ThresholdBasis = "sequential"
    percent_stacking: PercentStacking = "compound"
    rounding: RoundingMode = "half_up"
    rounding_point: RoundingPoint = "promotion"
    allocation_method: PromotionAllocation = "largest_remainder"

    _stage: dict[str, int] = PrivateAttr(default_factory=dict)
    _bases: dict[str, str] = PrivateAttr(default_factory=dict)

    @field_validator("price_base", mode="before")
    @classmethod
    def _mapping(cls, value: Any) -> Any:
        return tuple(value.items()) if isinstance(value, Mapping) else value

    @model_validator(mode="after")
    def _check(self) -> StackingPolicy:
        if len(set(self.levels)) != len(self.levels) or not self.levels:
            raise ValueError(f"levels must list each level once; got {self.levels}")
        bases = dict(self.price_base)
        if len(bases) != len(self.price_base):
            raise ValueError("price_base must give each level once")
        for level, base in bases.items():
            if level not in self.levels:
                raise ValueError(f"price_base names level {level!r}, which levels does not list")
            if base == "after_item" and (
                "item" not in self.levels or self.levels.index("item") >= self.levels.index(level)
            ):
                raise ValueError(f"price_base 'after_item' of {level!r} needs 'item' before it")
        return self

    def model_post_init(self, context: Any, /) -> None:
        bases = dict(self.price_base)
        self._stage = {level: k for k, level in enumerate(self.levels)}
        self._bases = {level: bases.get(level, "running") for level in self.levels}

    def base_of(self, level: PromotionLevel) -> PriceBase:
        """The price base of a level's stage.

        Examples
        --------
        >>> StackingPolicy.preset("china_platform").base_of("platform")
        'after_item'
        """
        check_option(level, "level", self.levels)
        return self._bases[level]  # type: ignore[return-value]

    @classmethod
    def preset(cls, name: StackingPreset) -> StackingPolicy:
        """A documented policy by name.

        * ``"sequential_mall"``: the generic mall pipeline: item, shop,
          cross_shop, platform, shipping, each on the running total; thresholds
          sequential; percentages compound; half-up once per promotion.
        * ``"china_platform"``: the practice of large Chinese platforms (Tmall,
          Taobao, JD): item discounts first on original prices; shop 满减, shop
          coupons, cross-shop 满减 and platform coupons all judge their
          thresholds on the price after item discounts (parallel), their
          amounts add up; shipping last on the running total.

        Examples
        --------
        >>> StackingPolicy.preset("sequential_mall").threshold_basis
        'sequential'
        """
        check_option(name, "name", STACKING_PRESETS)
        if name == "sequential_mall":
            return cls()
        return cls(
            price_base=(
                ("item", "original"),
                ("shop", "after_item"),
                ("cross_shop", "after_item"),
                ("platform", "after_item"),
                ("shipping", "running"),
            ),
            threshold_basis="parallel",
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EcomopsModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), tuple(self.__dict__.values())))
