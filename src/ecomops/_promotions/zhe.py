"""折 (zhe): Chinese discount notation, read into the fraction of the price paid (private)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ecomops._money import DECIMAL_CONTEXT, to_decimal
from ecomops.exceptions import InvalidInputError

__all__ = ["Zhe", "read_rate"]

_CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九两点", "001234567892.")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)$")
_SPECIAL = {"半价": Decimal("0.5")}


def _parse(text: str, name: str) -> Decimal:
    """The fraction paid of a 折 string: "8.5折" and "85折" pay 0.85, "7折" pays 0.7."""
    raw = text.strip()
    if raw in _SPECIAL:
        return _SPECIAL[raw]
    body = raw.removeprefix("打").removesuffix("折").strip().translate(_CHINESE_DIGITS)
    match = _NUMBER.match(body) if raw.endswith("折") else None
    if match is None:
        raise InvalidInputError(
            f"{name} must be a 折 string such as '8.5折', '85折' or '7折'; got {text!r}"
        )
    digits = match.group(1)
    if "." in digits:
        paid = DECIMAL_CONTEXT.divide(Decimal(digits), 10)  # exact: one place
    elif len(digits) == 1:
        paid = DECIMAL_CONTEXT.divide(Decimal(digits), 10)
    elif len(digits) == 2 and not digits.endswith("0"):
        paid = DECIMAL_CONTEXT.divide(Decimal(digits), 100)
    else:
        raise InvalidInputError(
            f"{name} must be a 折 string with one digit, two digits not ending in 0, or one "
            f"decimal ('7折', '85折', '8.5折'); got {text!r}"
        )
    if not 0 < paid < 1:
        raise InvalidInputError(f"{name} must pay a fraction in (0, 1) of the price; got {text!r}")
    return paid


class Zhe:
    r"""A discount in 折 (zhe) notation: the fraction of the price the customer pays.

    $N$折 means paying $N/10$ of the price: 8.5折 (also written 85折 or 八五折)
    pays 85 %, i.e. 15 % off; 7折 pays 70 %. One digit is tenths, two digits
    (not ending in 0) hundredths, a decimal tenths with a fraction. "半价" is 5折.

    Parameters
    ----------
    value : str, Decimal, int or float
        A 折 string ("8.5折", "85折", "七折", "打8折", "半价"), or the fraction
        paid itself, strictly between 0 and 1 (``Decimal("0.85")``). [fraction of price]

    Attributes
    ----------
    paid_fraction : Decimal
        Fraction of the price paid, in (0, 1). [fraction of price]
    rate : Decimal
        Fraction taken off, ``1 - paid_fraction``. [fraction of price]

    Raises
    ------
    InvalidInputError
        For a string that is not 折 notation ("10折", "85", "八五"), or a fraction
        paid outside (0, 1).

    References
    ----------
    1. 《现代汉语词典》(第7版), 商务印书馆 2016, "折" (discount: 打八折 = pay
       eight tenths of the price).

    Examples
    --------
    >>> Zhe("8.5折").paid_fraction
    Decimal('0.85')
    >>> Zhe("85折") == Zhe("8.5折") == Zhe("八五折")
    True
    >>> Zhe("7折").rate
    Decimal('0.3')
    >>> Zhe("9.5折")
    Zhe('9.5折')
    """

    __slots__ = ("paid_fraction",)

    paid_fraction: Decimal

    def __init__(self, value: str | Decimal | int | float | Zhe) -> None:
        if isinstance(value, Zhe):
            paid = value.paid_fraction
        elif isinstance(value, str) and ("折" in value or value.strip() in _SPECIAL):
            paid = _parse(value, "value")
        elif isinstance(value, str):
            raise InvalidInputError(
                f"value must be a 折 string such as '8.5折', '85折' or '7折', or a fraction "
                f"paid in (0, 1); got {value!r}"
            )
        else:
            paid = to_decimal(value, "value")
            if not 0 < paid < 1:
                raise InvalidInputError(
                    f"value must be a fraction paid in (0, 1) or a 折 string; got {value!r}"
                )
        object.__setattr__(self, "paid_fraction", DECIMAL_CONTEXT.normalize(paid))

    @property
    def rate(self) -> Decimal:
        """Fraction of the price taken off (8.5折: 0.15)."""
        return DECIMAL_CONTEXT.normalize(DECIMAL_CONTEXT.subtract(1, self.paid_fraction))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Zhe is immutable")

    def __reduce__(self) -> tuple[type[Zhe], tuple[Decimal]]:
        return (Zhe, (self.paid_fraction,))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Zhe):
            return self.paid_fraction == other.paid_fraction
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("Zhe", self.paid_fraction))

    def __str__(self) -> str:
        tenths = DECIMAL_CONTEXT.normalize(DECIMAL_CONTEXT.multiply(self.paid_fraction, 10))
        return f"{tenths:f}折"

    def __repr__(self) -> str:
        return f"Zhe({str(self)!r})"


def read_rate(value: Any, name: str = "rate", *, allow_one: bool = False) -> Decimal:
    """A discount rate (fraction off) from a number, a 折 string or a `Zhe`, checked in (0, 1).

    ``allow_one`` admits 1 (free: buy-X-get-Y).
    """
    if isinstance(value, Zhe):
        rate = value.rate
    elif isinstance(value, str) and ("折" in value or value.strip() in _SPECIAL):
        rate = DECIMAL_CONTEXT.subtract(1, _parse(value, name))
    else:
        rate = to_decimal(value, name)
    upper_ok = rate <= 1 if allow_one else rate < 1
    if not (rate > 0 and upper_ok):
        bound = "(0, 1]" if allow_one else "(0, 1)"
        raise InvalidInputError(f"{name} must be a fraction off in {bound}; got {value!r}")
    return DECIMAL_CONTEXT.normalize(rate)
