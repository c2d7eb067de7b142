"""Currencies: ISO 4217 codes, minor units and cash increments (private)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from ecomops._core.models import plain_value_schema
from ecomops._money import iso4217 as _iso4217
from ecomops.exceptions import InvalidInputError


class Currency:
    """An ISO 4217 currency: its code, minor units and cash increment.

    Instances are interned: ``Currency("CNY") is Currency("CNY")``. A currency
    compares equal to another currency with the same code; it is hashable and
    usable as a pydantic field (serialised as its code).

    Parameters
    ----------
    code : str
        Active ISO 4217 alphabetic code, upper case (``"CNY"``, ``"USD"``,
        ``"JPY"``). A [`Currency`][ecomops.money.Currency] is returned unchanged.

    Attributes
    ----------
    code : str
        The alphabetic code.
    minor_units : int
        Number of decimal places of the minor unit (ISO 4217): CNY 2, JPY 0, KWD 3.
    cash_increment_minor : int
        Smallest cash step in minor units: 5 for CHF (0.05), 1 where cash is
        settled to the minor unit.

    Raises
    ------
    InvalidInputError
        For an unknown, withdrawn or lower-case code (the message suggests the
        right one).

    References
    ----------
    1. ISO 4217:2015, List One, minor units column.
    2. Unicode CLDR, ``supplementalData.xml``, ``currencyData/fractions``
       (cash rounding).

    Examples
    --------
    >>> Currency("CNY").minor_units, Currency("JPY").minor_units, Currency("KWD").minor_units
    (2, 0, 3)
    >>> Currency("CHF").cash_increment
    Decimal('0.05')
    >>> Currency("USD").quantum
    Decimal('0.01')
    """

    __slots__ = ("cash_increment_minor", "code", "minor_units")
    _registry: ClassVar[dict[str, Currency]] = {}

    code: str
    minor_units: int
    cash_increment_minor: int

    def __new__(cls, code: str | Currency) -> Currency:
        if isinstance(code, Currency):
            return code
        found = cls._registry.get(code) if isinstance(code, str) else None
        if found is not None:
            return found
        if not isinstance(code, str):
            raise InvalidInputError(
                f"currency must be an ISO 4217 code string; got {type(code).__name__}"
            )
        if code not in _iso4217.ACTIVE_CODES:
            hint = ""
            if code.upper() in _iso4217.ACTIVE_CODES:
                hint = f"; ISO 4217 codes are upper case: did you mean {code.upper()!r}?"
            elif code.upper() in _iso4217.WITHDRAWN:
                hint = (
                    f"; {code!r} is not an active ISO 4217 code, "
                    f"use {_iso4217.WITHDRAWN[code.upper()]!r}"
                )
            raise InvalidInputError(f"unknown currency code {code!r}{hint}")
        self = object.__new__(cls)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "minor_units", _iso4217.minor_units(code))
        object.__setattr__(self, "cash_increment_minor", _iso4217.CASH_INCREMENTS.get(code, 1))
        cls._registry[code] = self
        return self

    def __init__(self, code: str | Currency) -> None:
        # Instances are built and interned in __new__; this signature is the one
        # documentation tools and type checkers read.
        pass

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Currency is immutable")

    def __reduce__(self) -> tuple[type[Currency], tuple[str]]:
        return (Currency, (self.code,))

    def __repr__(self) -> str:
        return f"Currency({self.code!r})"

    def __str__(self) -> str:
        return self.code

    def __eq__(self, other: object) -> bool:
        if other is self:  # currencies are interned: the usual case
            return True
        if isinstance(other, Currency):
            return self.code == other.code
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("Currency", self.code))

    @property
    def quantum(self) -> Decimal:
        """One minor unit as a Decimal exponent: ``Decimal('0.01')`` for CNY. [major units]"""
        return Decimal(f"1E-{self.minor_units}")

    @property
    def cash_increment(self) -> Decimal:
        """The smallest cash step: ``Decimal('0.05')`` for CHF. [major units]"""
        return Decimal(f"{self.cash_increment_minor}E-{self.minor_units}")

    @classmethod
    def all(cls) -> tuple[Currency, ...]:
        """Every active ISO 4217 currency known to ecomops, sorted by code.

        Examples
        --------
        >>> len(Currency.all()) > 150
        True
        """
        return tuple(cls(code) for code in sorted(_iso4217.ACTIVE_CODES))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return plain_value_schema(cls, lambda c: c.code, core_schema.str_schema())

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "enum": sorted(_iso4217.ACTIVE_CODES)}


CurrencyLike = Currency | str
