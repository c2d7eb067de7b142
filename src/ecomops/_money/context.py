"""The private decimal context and rounding-mode table of all money arithmetic (private).

Every Decimal operation on money passes ``context=DECIMAL_CONTEXT`` (or works on
integers), so the caller's `decimal.getcontext` never changes a result.
"""

from __future__ import annotations

from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
)

__all__ = ["DECIMAL_CONTEXT", "DECIMAL_MODES"]

DECIMAL_MODES: dict[str, str] = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "half_down": ROUND_HALF_DOWN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
    "floor": ROUND_FLOOR,
    "ceiling": ROUND_CEILING,
}

# Exact decimal arithmetic for money: wide enough for any int64 number of minor units.
DECIMAL_CONTEXT = Context(prec=60, Emax=999_999, Emin=-999_999)
