"""Implementation of ecomops.promotions (private: import from the public module).

Topic modules
-------------
``zhe``       折 notation (`Zhe`, `read_rate`).
``cart``      `Cart` (validated once) and `Lines`: the lines in canonical order as
              tuples of Python ints (minor units) and strings; `read_minor`.
``models``    the frozen promotion models; each compiles once into a `Compiled`.
``compiled``  `Compiled`: a promotion's rule, scope and stacking attributes.
``rules``     the integer rule kinds (`ThresholdRule`, `PercentRule`, ...),
              `Context`, `split_capped`.
``arith``     `round_ratio`, `split` (largest remainder, ties to the lower index).
``policy``    `StackingPolicy` and its presets.
``engine``    `run`: the hot path, integers in, integers out.
``settle``    `settle_cart`, `Settlement`, `compile_promotions`, `settlement_from`.
``trace``     `TraceEntry` (formatted only when read), `format_minor`.
``refund``    `refund_for_return`, `ReturnRefund`.

Internal API for the other promotion modules (best coupons, top-up, bulk,
simulation)
-----------------------------------------------------------------------------
* ``check_inputs(cart, policy)`` and
  ``compile_promotions(promotions, cart.currency, policy) -> (tuple, [Compiled])``
  validate once.
* ``run(cart.lines, cart.shipping_fee_minor, compiled, policy) -> EngineResult``
  settles with no further checks: ``result.running`` holds the amounts left on
  each canonical line with the shipping fee last, so
  ``sum(result.running)`` is the payable in minor units; ``result.events``
  lists ``(k, applied, total, reason, values, targets, shares)`` per promotion
  in application order (``k`` indexes the compiled list). Running it on a
  subset of the compiled rules is how to evaluate a subset of coupons.
* ``settlement_from(cart, promotions_tuple, compiled, policy, result)`` wraps a result
  into a `Settlement` when one is wanted.
* ``stage_order(compiled, policy.__pydantic_private__["_stage"])`` is the
  application order (stage, priority, id); a rule's
  ``compute(ctx, eligible, targets)`` is the integer computation of one
  promotion on a `Context` (which carries the lines' prices, quantities and SKUs)
  (see ``rules``). The engine's stacking semantics are stable: a stack group
  goes to the first promotion of it that applies; a stop-further promotion
  takes the eligible lines it applied to away from every later promotion.
* ``Lines(skus, prices, quantities, categories, shops)`` builds validated
  lines from already checked Python lists (minor units), and
  ``cart_from_lines(lines, currency, shipping_fee_minor)`` a cart around
  them; ``Cart.from_minor`` is the checked fast constructor.
"""

from ecomops._promotions.cart import Cart, Lines, cart_from_lines
from ecomops._promotions.engine import EngineResult, run
from ecomops._promotions.models import (
    AmountOff,
    BundlePrice,
    BuyXGetY,
    Coupon,
    PercentOff,
    Promotion,
    QuantityDiscount,
    ThresholdDiscount,
    ThresholdPercentOff,
)
from ecomops._promotions.policy import StackingPolicy
from ecomops._promotions.refund import ReturnRefund, refund_for_return
from ecomops._promotions.settle import (
    Settlement,
    SettlementLines,
    check_inputs,
    compile_promotions,
    settle_cart,
    settlement_from,
)
from ecomops._promotions.trace import TraceEntry
from ecomops._promotions.zhe import Zhe

__all__ = [
    "AmountOff",
    "BundlePrice",
    "BuyXGetY",
    "Cart",
    "Coupon",
    "EngineResult",
    "Lines",
    "PercentOff",
    "Promotion",
    "QuantityDiscount",
    "ReturnRefund",
    "Settlement",
    "SettlementLines",
    "StackingPolicy",
    "ThresholdDiscount",
    "ThresholdPercentOff",
    "TraceEntry",
    "Zhe",
    "cart_from_lines",
    "check_inputs",
    "compile_promotions",
    "refund_for_return",
    "run",
    "settle_cart",
    "settlement_from",
]
