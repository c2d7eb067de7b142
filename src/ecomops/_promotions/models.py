"""Promotion models: frozen pydantic descriptions of 满减, 折, coupons and friends (private).

Every model validates once, at construction, and compiles itself into the
integer rule the settlement engine runs (`Compiled`), so settling a cart never
re-reads a model's fields.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PrivateAttr, field_validator, model_validator

from ecomops._core.models import EcomopsModel
from ecomops._core.typing import PromotionLevel, ThresholdRepeat, TiersMode
from ecomops._money import Currency, Money, to_decimal
from ecomops._promotions.compiled import Compiled
from ecomops._promotions.rules import (
    AmountRule,
    BundleRule,
    BuyGetRule,
    PercentRule,
    QuantityRule,
    Rule,
    ThresholdRule,
)
from ecomops._promotions.zhe import read_rate
from ecomops.exceptions import InvalidInputError

__all__ = [
    "AmountOff",
    "BundlePrice",
    "BuyXGetY",
    "Coupon",
    "PercentOff",
    "Promotion",
    "QuantityDiscount",
    "ThresholdDiscount",
    "ThresholdPercentOff",
]


def _read_amount(value: Any) -> Any:
    """An amount in major units, exact; a `Money` passes as is (its currency is checked later)."""
    if isinstance(value, Money):
        return value
    amount = to_decimal(value, "amount")
    if amount < 0:
        raise ValueError(f"must be >= 0; got {value!r}")
    return amount


def _read_rate(value: Any) -> Decimal:
    return read_rate(value, "rate")


def _read_free_rate(value: Any) -> Decimal:
    return read_rate(value, "rate", allow_one=True)


#: A non-negative amount of money in major units (a `Money` is read in its currency).
Amount = Annotated[Decimal, BeforeValidator(_read_amount)]
#: A discount rate: a fraction off in (0, 1), or 折 notation ("8.5折" is 0.15 off).
Rate = Annotated[Decimal, BeforeValidator(_read_rate)]
#: A rate off in (0, 1] (1 = free).
FreeRate = Annotated[Decimal, BeforeValidator(_read_free_rate)]
PositiveInt = Annotated[int, Field(ge=1)]


def _minor(value: Decimal, currency: Currency, name: str) -> int:
    """Minor units of an amount, refusing one finer than the currency's minor unit."""
    numerator, denominator = value.as_integer_ratio()
    minor, rest = divmod(numerator * 10**currency.minor_units, denominator)
    if rest:
        raise ValueError(
            f"{name} must be a whole number of {currency.code} minor units; got {value}"
        )
    if minor >= 2**53:
        raise ValueError(f"{name} must be below 2**53 minor units; got {value}")
    return int(minor)


def _ratio(rate: Decimal) -> tuple[int, int]:
    num, den = rate.as_integer_ratio()
    return num, den


class Promotion(EcomopsModel):
    """Fields every promotion shares: identity, scope, level and stacking.

    Attributes
    ----------
    id : str
        Name of the promotion, unique within one settlement ("双11每满200减30").
    level : {"item", "shop", "cross_shop", "platform", "shipping"}
        Stage the promotion runs in (see [`StackingPolicy`][ecomops.promotions.StackingPolicy]);
        a shipping-level promotion discounts the cart's shipping fee.
    skus, categories, shops : tuple of str
        Scope: a line is eligible when it matches every non-empty list (empty:
        no restriction; all empty: the whole order).
    stack_group : str or None
        Promotions sharing a stack group exclude each other: the first that
        applies (in stage, priority, id order) wins; default None.
    stop_further : bool
        "Stop further rules": once applied, later promotions skip the lines
        this one applied to (other lines are untouched); default False.
    priority : int
        Order within a stage, lower first (then by id); default 0.

    The default level is ``"item"`` for `PercentOff`, `AmountOff`,
    `QuantityDiscount`, `BuyXGetY` and `BundlePrice`, and ``"shop"`` for
    `ThresholdDiscount`, `ThresholdPercentOff` and `Coupon`.
    currency : Currency
        Currency of the amounts; must be the cart's. Default ``"CNY"`` (a
        `Money` amount sets it).

    Examples
    --------
    >>> from ecomops.promotions import Coupon, Promotion
    >>> from ecomops.money import Money
    >>> coupon = Coupon(id="店铺券", amount=Money(10, "USD"), threshold=Money(99, "USD"))
    >>> isinstance(coupon, Promotion), coupon.currency
    (True, Currency('USD'))
    """

    id: Annotated[str, Field(min_length=1)]
    level: PromotionLevel = "item"
    skus: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    shops: tuple[str, ...] = ()
    stack_group: str | None = None
    stop_further: bool = False
    priority: int = 0
    currency: Currency = Currency("CNY")

    _compiled: Compiled = PrivateAttr()

    @model_validator(mode="before")
    @classmethod
    def _money_fields(cls, data: Any) -> Any:
        """`Money` amounts give their currency; mixed currencies are refused by name."""
        if not isinstance(data, dict):
            return data
        found = {k: v.currency for k, v in data.items() if isinstance(v, Money)}
        for k, v in data.items():
            if isinstance(v, tuple | list):
                for item in v:
                    if isinstance(item, tuple | list):
                        for x in item:
                            if isinstance(x, Money):
                                found[k] = x.currency
        if not found:
            return data
        given = data.get("currency")
        codes = {c.code for c in found.values()}
        if given is not None:
            codes.add(Currency(given).code if isinstance(given, str | Currency) else str(given))
        if len(codes) > 1:
            raise ValueError(f"currency: amounts are in several currencies {sorted(codes)}")
        out = {k: _unwrap(v) for k, v in data.items()}
        out["currency"] = codes.pop()
        return out

    def model_post_init(self, context: Any, /) -> None:
        try:
            rule = self._rule()
        except ValueError as exc:
            raise InvalidInputError(f"{type(self).__name__} {self.id!r}: {exc}") from None
        if rule.unit_based and self.level == "shipping":
            raise InvalidInputError(
                f"level: {type(self).__name__} counts units; it cannot be 'shipping'"
            )
        self._compiled = Compiled(
            rule,
            id=self.id,
            level=self.level,
            skus=frozenset(self.skus) or None,
            categories=frozenset(self.categories) or None,
            shops=frozenset(self.shops) or None,
            stack_group=self.stack_group,
            stop_further=self.stop_further,
            priority=self.priority,
            currency=self.currency.code,
        )

    def _rule(self) -> Rule:
        raise ValueError("Promotion is the abstract base; build one of its subclasses")

    def _m(self, value: Decimal, name: str) -> int:
        return _minor(value, self.currency, name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EcomopsModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), tuple(self.__dict__.values())))


def _unwrap(value: Any) -> Any:
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, tuple | list):
        return type(value)(_unwrap(v) for v in value)
    return value


class PercentOff(Promotion):
    r"""A percentage off the eligible lines (直降 x%, 限时折扣), optionally capped.

    $$ D = R\big(r \cdot \textstyle\sum_{i \in E} b_i\big), \quad D \le \text{cap} $$

    with $E$ the eligible lines, $b_i$ their percent base (see the policy) and
    $R$ the policy's rounding.

    Attributes
    ----------
    rate : Decimal
        Fraction off in (0, 1), or 折 notation: ``"8.5折"`` is 0.15 off. [fraction]
    cap : Decimal or None
        Most the discount may be (最多减); default None. [money]

    References
    ----------
    1. commercetools, *Cart Discounts* (relative cart discount value), docs.commercetools.com.

    Examples
    --------
    >>> PercentOff(id="8.5折", rate="8.5折").rate
    Decimal('0.15')
    """

    rate: Rate
    cap: Amount | None = None

    def _rule(self) -> Rule:
        num, den = _ratio(self.rate)
        cap = None if self.cap is None else self._m(self.cap, "cap")
        return PercentRule(num, den, 0, cap)


class AmountOff(Promotion):
    """A fixed amount off the eligible lines (立减), once or per unit.

    Attributes
    ----------
    amount : Decimal
        Amount off, ``> 0``; never more than what is left of the eligible lines. [money]
    per_unit : bool
        Take ``amount`` off each eligible unit instead of once; default False.

    References
    ----------
    1. Shopify, *Amount off products* discounts, help.shopify.com/manual/discounts.

    Examples
    --------
    >>> AmountOff(id="立减10", amount=10).amount
    Decimal('10')
    """

    amount: Amount
    per_unit: bool = False

    def _rule(self) -> Rule:
        amount = self._m(self.amount, "amount")
        if amount <= 0:
            raise ValueError(f"amount must be > 0; got {self.amount}")
        if self.per_unit and self.level == "shipping":
            raise ValueError("per_unit counts units; a shipping-level AmountOff takes it once")
        return AmountRule(amount, 0, self.per_unit)


class ThresholdDiscount(Promotion):
    r"""满减: spend at least a threshold, get an amount off.

    * ``repeat="once"``: 满X减Y, $D = Y$ when $A \ge X$.
    * ``repeat="every"``: 每满X减Y, $D = \lfloor A / X \rfloor \, Y$, at most ``cap`` (最多减Z).
    * ``repeat="tiered"``: 满X₁减Y₁, 满X₂减Y₂ ...: the off of the highest tier reached.

    $A$ is the eligible amount the policy judges thresholds on; thresholds are
    inclusive ($\ge$).

    Attributes
    ----------
    threshold : Decimal or None
        X, ``> 0`` (once, every). [money]
    off : Decimal or None
        Y, ``> 0`` and below ``threshold`` (once, every). [money]
    repeat : {"once", "every", "tiered"}
        How the discount repeats; default ``"once"``.
    tiers : tuple of (threshold, off)
        Tiers for ``repeat="tiered"``, thresholds and offs strictly increasing,
        each off below its threshold. [money]
    cap : Decimal or None
        Most the discount may be, for ``repeat="every"``; not below ``off``. [money]

    References
    ----------
    1. 天猫, 《天猫跨店满减规则》 (每满减 with a cap, thresholds judged inclusive).

    Examples
    --------
    >>> ThresholdDiscount(id="每满200减30", threshold=200, off=30, repeat="every").repeat
    'every'
    """

    level: PromotionLevel = "shop"
    threshold: Amount | None = None
    off: Amount | None = None
    repeat: ThresholdRepeat = "once"
    tiers: tuple[tuple[Amount, Amount], ...] = ()
    cap: Amount | None = None

    def _rule(self) -> Rule:
        if self.repeat == "tiered":
            return ThresholdRule(self._tiers(), "tiered", None)
        if self.threshold is None or self.off is None:
            raise ValueError(f"threshold and off are required for repeat={self.repeat!r}")
        if self.tiers:
            raise ValueError("tiers are only for repeat='tiered'")
        threshold, off = self._m(self.threshold, "threshold"), self._m(self.off, "off")
        _check_step(threshold, off, "threshold", "off")
        cap = None
        if self.cap is not None:
            if self.repeat != "every":
                raise ValueError("cap is only for repeat='every'")
            cap = self._m(self.cap, "cap")
            if cap < off:
                raise ValueError(f"cap must be >= off ({self.off}); got {self.cap}")
        return ThresholdRule(((threshold, off),), self.repeat, cap)

    def _tiers(self) -> tuple[tuple[int, int], ...]:
        if not self.tiers:
            raise ValueError("tiers must list at least one (threshold, off) for repeat='tiered'")
        if self.threshold is not None or self.off is not None or self.cap is not None:
            raise ValueError("tiers: give threshold, off and cap only for 'once' or 'every'")
        tiers = tuple((self._m(t, "tiers"), self._m(o, "tiers")) for t, o in self.tiers)
        for (t0, o0), (t1, o1) in itertools.pairwise(tiers):
            if not (t1 > t0 and o1 > o0):
                raise ValueError("tiers must have strictly increasing thresholds and offs")
        for t, o in tiers:
            _check_step(t, o, "tiers threshold", "tiers off")
        return tiers


def _check_step(threshold: int, off: int, t_name: str, o_name: str) -> None:
    if threshold <= 0:
        raise ValueError(f"{t_name} must be > 0")
    if not 0 < off < threshold:
        raise ValueError(f"{o_name} must be > 0 and smaller than its threshold")


class ThresholdPercentOff(Promotion):
    r"""满X打N折: a percentage off once the eligible amount reaches a threshold.

    $D = R(r \sum_{i \in E} b_i)$ when $A \ge X$, at most ``cap``.

    Attributes
    ----------
    threshold : Decimal
        X, ``> 0``. [money]
    rate : Decimal
        Fraction off in (0, 1), or 折 notation ("9折" is 0.1 off). [fraction]
    cap : Decimal or None
        Most the discount may be (最多减); default None. [money]

    References
    ----------
    1. 京东, 《京东满折促销规则》 (满X元打N折).

    Examples
    --------
    >>> ThresholdPercentOff(id="满300打9折", threshold=300, rate="9折").rate
    Decimal('0.1')
    """

    level: PromotionLevel = "shop"
    threshold: Amount
    rate: Rate
    cap: Amount | None = None

    def _rule(self) -> Rule:
        threshold = self._m(self.threshold, "threshold")
        if threshold <= 0:
            raise ValueError("threshold must be > 0")
        num, den = _ratio(self.rate)
        cap = None if self.cap is None else self._m(self.cap, "cap")
        return PercentRule(num, den, threshold, cap)


class QuantityDiscount(Promotion):
    """满N件打M折 by quantity tiers: volume (all units at the tier reached) or graduated.

    * ``tiers_mode="volume"``: every eligible unit at the rate of the highest
      tier whose ``min_quantity`` the eligible units reach (满2件9折, 满3件8折).
    * ``tiers_mode="graduated"``: unit $k$ (units ranked most expensive first,
      so the discounted later units are the cheapest) at the rate of the highest
      tier with ``min_quantity <= k`` (第2件起9折); units below the first tier pay
      full price. Rounded per line.

    Attributes
    ----------
    tiers : tuple of (min_quantity, rate)
        Pieces needed (``>= 1``, strictly increasing) and the rate off (in (0, 1)
        or 折 notation, strictly increasing). [pieces; fraction]
    tiers_mode : {"volume", "graduated"}
        Default ``"volume"``.

    References
    ----------
    1. Stripe, *Tiered pricing* (``tiers_mode`` "volume" and "graduated"),
       docs.stripe.com/products-prices/pricing-models.

    Examples
    --------
    >>> QuantityDiscount(id="满2件9折", tiers=[(2, "9折")]).tiers
    ((2, Decimal('0.1')),)
    """

    tiers: tuple[tuple[PositiveInt, Rate], ...]
    tiers_mode: TiersMode = "volume"

    def _rule(self) -> Rule:
        if not self.tiers:
            raise ValueError("tiers must list at least one (min_quantity, rate)")
        for (q0, r0), (q1, r1) in itertools.pairwise(self.tiers):
            if not (q1 > q0 and r1 > r0):
                raise ValueError("tiers must have strictly increasing min_quantity and rate")
        den = 1
        for _, rate in self.tiers:
            d = _ratio(rate)[1]
            den = den * d // _gcd(den, d)
        nums = []
        for q, rate in self.tiers:
            num, d = _ratio(rate)
            nums.append((q, num * (den // d)))
        return QuantityRule(tuple(nums), den, self.tiers_mode)


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


class BuyXGetY(Promotion):
    """Buy X get Y (买X送Y, 第N件M折): per X + Y eligible units, the Y cheapest are discounted.

    Repeats for multiples (6 units of buy 2 get 1 give 2 free), at most
    ``max_applications`` times; the discounted units are the cheapest *eligible*
    units (ties by the stable line key). 第二件半价 is ``buy=1, get=1, rate="5折"``.

    Attributes
    ----------
    buy : int
        X, units paid in full per application, ``>= 1``. [pieces]
    get : int
        Y, units discounted per application, ``>= 1``. [pieces]
    rate : Decimal
        Fraction off the Y units in (0, 1]; default 1 (free). [fraction]
    max_applications : int or None
        Most applications per cart; default None (no limit). [count]

    References
    ----------
    1. Shopify, *Buy X get Y* discounts (customer buys / customer gets, maximum
       number of uses per order), help.shopify.com/manual/discounts.

    Examples
    --------
    >>> BuyXGetY(id="买2送1", buy=2, get=1).rate
    Decimal('1')
    """

    buy: PositiveInt
    get: PositiveInt
    rate: FreeRate = Decimal(1)
    max_applications: PositiveInt | None = None

    def _rule(self) -> Rule:
        num, den = _ratio(self.rate)
        return BuyGetRule(self.buy, self.get, num, den, self.max_applications)


class BundlePrice(Promotion):
    """A bundle price (组合价): the components together for one price.

    Bundles are formed as often as the cart's eligible units allow (at most
    ``max_applications``); the saving (standalone prices minus the bundle price)
    is split over the component lines by their standalone value, largest
    remainder. A bundle price not below the standalone prices is skipped.

    Attributes
    ----------
    components : tuple of (sku, quantity)
        SKUs in one bundle and the pieces of each (a mapping is accepted). [pieces]
    price : Decimal
        Price of one bundle, ``> 0``. [money]
    max_applications : int or None
        Most bundles per cart; default None. [count]

    References
    ----------
    1. commercetools, *Cart Discounts*: multi-buy and fixed-price line item
       discounts, docs.commercetools.com.

    Examples
    --------
    >>> BundlePrice(id="茶+杯", components={"tea": 1, "cup": 1}, price=99).components
    (('tea', 1), ('cup', 1))
    """

    components: tuple[tuple[str, PositiveInt], ...]
    price: Amount
    max_applications: PositiveInt | None = None

    @field_validator("components", mode="before")
    @classmethod
    def _components(cls, value: Any) -> Any:
        return tuple(value.items()) if isinstance(value, Mapping) else value

    def _rule(self) -> Rule:
        if not self.components:
            raise ValueError("components must list at least one (sku, quantity)")
        if len({sku for sku, _ in self.components}) != len(self.components):
            raise ValueError("components must list each sku once")
        price = self._m(self.price, "price")
        if price <= 0:
            raise ValueError("price must be > 0")
        return BundleRule(self.components, price, self.max_applications)


class Coupon(Promotion):
    """A coupon (优惠券): an amount or a rate off, with a minimum spend, scope and stack group.

    满200减20 is ``Coupon(amount=20, threshold=200)``; a 9折 coupon capped at
    50 is ``Coupon(rate="9折", cap=50)``; a 无门槛 coupon has ``threshold=0``.
    Coupons of one kind that may not be combined (one shop coupon per shop,
    one platform coupon per order) share a ``stack_group``.

    Attributes
    ----------
    amount : Decimal or None
        Amount off, ``> 0`` and below a non-zero threshold; or None for a rate coupon. [money]
    rate : Decimal or None
        Fraction off in (0, 1) or 折 notation; or None for an amount coupon. [fraction]
    threshold : Decimal
        Minimum eligible amount (使用门槛), inclusive; default 0. [money]
    cap : Decimal or None
        Most a rate coupon may take off; default None. [money]

    References
    ----------
    1. 淘宝, 《淘宝平台优惠券使用规则》 (门槛, 叠加, one coupon of each kind per order).

    Examples
    --------
    >>> Coupon(id="满200减20", amount=20, threshold=200).level
    'shop'
    """

    level: PromotionLevel = "shop"
    amount: Amount | None = None
    rate: Rate | None = None
    threshold: Amount = Decimal(0)
    cap: Amount | None = None

    def _rule(self) -> Rule:
        threshold = self._m(self.threshold, "threshold")
        if (self.amount is None) == (self.rate is None):
            raise ValueError("give exactly one of amount and rate")
        if self.amount is not None:
            amount = self._m(self.amount, "amount")
            if amount <= 0 or (threshold and amount >= threshold):
                raise ValueError("amount must be > 0 and smaller than a non-zero threshold")
            if self.cap is not None:
                raise ValueError("cap is only for a rate coupon")
            return AmountRule(amount, threshold, False)
        assert self.rate is not None
        num, den = _ratio(self.rate)
        cap = None if self.cap is None else self._m(self.cap, "cap")
        return PercentRule(num, den, threshold, cap)
