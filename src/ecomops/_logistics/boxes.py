"""Cartons: boxes, catalogues and the standard Chinese postal cartons (private).

Public names are re-exported by `ecomops.logistics`.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Annotated

import numpy as np
from pydantic import Field, model_validator

from ecomops._core.models import EcomopsModel
from ecomops._core.validation import as_real_scalar
from ecomops._money import to_decimal
from ecomops._money.exact import on_grid
from ecomops.exceptions import InvalidInputError
from ecomops.money import Currency

__all__ = ["CHINA_POSTAL_CARTON_MM", "Box", "BoxCatalogue", "china_postal_cartons"]

PositiveFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class Box(EcomopsModel):
    """A carton: inner dimensions for packing, outer ones for the carrier, tare and cost.

    Attributes
    ----------
    name : str
        Name ("3号", "S-12").
    inner_length_cm, inner_width_cm, inner_height_cm : float
        Inside dimensions; the height axis is the one "this side up" items keep
        vertical. [cm]
    outer_length_cm, outer_width_cm, outer_height_cm : float, optional
        Outside dimensions carriers measure; default the inner ones. [cm]
    tare_weight_kg : float
        Empty carton weight (plus fill), counted in the billable weight; default 0. [kg]
    cost : Decimal
        Material cost of one carton (box, fill, tape). [currency]
    max_weight_kg : float, optional
        Heaviest gross weight the carton is rated for. [kg]

    Examples
    --------
    >>> b = Box(name="S", inner_length_cm=30, inner_width_cm=20, inner_height_cm=10, cost="0.80")
    >>> b.outer_length_cm, b.volume_cm3
    (30.0, 6000.0)
    """

    name: str = Field(min_length=1)
    inner_length_cm: PositiveFloat
    inner_width_cm: PositiveFloat
    inner_height_cm: PositiveFloat
    outer_length_cm: PositiveFloat | None = None
    outer_width_cm: PositiveFloat | None = None
    outer_height_cm: PositiveFloat | None = None
    tare_weight_kg: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.0
    cost: Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
    max_weight_kg: PositiveFloat | None = None

    @model_validator(mode="after")
    def _fill_outer(self) -> Box:
        for axis in ("length", "width", "height"):
            inner = getattr(self, f"inner_{axis}_cm")
            outer = getattr(self, f"outer_{axis}_cm")
            if outer is None:
                object.__setattr__(self, f"outer_{axis}_cm", float(inner))
            elif outer < inner:
                raise ValueError(f"outer_{axis}_cm ({outer:g}) is smaller than inner ({inner:g})")
        return self

    @property
    def inner_cm(self) -> tuple[float, float, float]:
        """Inner (length, width, height). [cm]"""
        return (self.inner_length_cm, self.inner_width_cm, self.inner_height_cm)

    @property
    def volume_cm3(self) -> float:
        """Inner volume. [cm³]"""
        return float(self.inner_length_cm * self.inner_width_cm * self.inner_height_cm)


class BoxCatalogue(EcomopsModel):
    """The cartons a warehouse stocks, in one currency.

    Attributes
    ----------
    currency : str
        ISO 4217 code of the box costs.
    boxes : tuple of Box
        The cartons; names unique; costs whole minor units.

    Examples
    --------
    >>> cat = china_postal_cartons()
    >>> len(cat.boxes), cat.boxes[0].name, cat.boxes[-1].name
    (12, '1号', '12号')
    """

    currency: Currency
    boxes: tuple[Box, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> BoxCatalogue:
        names = [b.name for b in self.boxes]
        if len(set(names)) != len(names):
            raise ValueError("box names must be unique")
        for b in self.boxes:
            if not on_grid(b.cost, self.currency):  # exact: no decimal context involved
                raise ValueError(
                    f"cost of box {b.name!r} must be a whole number of {self.currency.code} "
                    f"minor units; got {b.cost}"
                )
        return self


#: Nominal sizes of the standard Chinese postal cartons 1号 to 12号
#: (length x width x height, mm), as sold by China Post and carton makers.
CHINA_POSTAL_CARTON_MM: tuple[tuple[str, int, int, int], ...] = (
    ("1号", 530, 290, 370), ("2号", 530, 230, 290), ("3号", 430, 210, 270), ("4号", 350, 190, 230),
    ("5号", 290, 170, 190), ("6号", 260, 150, 180), ("7号", 230, 130, 160), ("8号", 210, 110, 140),
    ("9号", 195, 105, 135), ("10号", 175, 95, 115), ("11号", 145, 85, 105), ("12号", 130, 80, 90),
)  # fmt: skip


def china_postal_cartons(
    *,
    wall_cm: float = 0.3,
    grammage_g_per_m2: float = 550.0,
    price_per_m2: Decimal | str = "2.50",
    max_weight_kg: float = 20.0,
) -> BoxCatalogue:
    r"""The standard Chinese postal cartons 1号 to 12号 as a catalogue (CNY).

    Nominal sizes are taken as outer dimensions; the inner ones are smaller by
    twice the board thickness. Tare weight and cost are estimated from the board
    area of a regular slotted carton (FEFCO 0201):

    $$
    A = \big(2(L + W) + 3.5\big)\,(H + W) \ \text{cm}^2
    $$

    Parameters
    ----------
    wall_cm : float
        Board thickness; default 0.3 (3-ply, B flute). [cm]
    grammage_g_per_m2 : float
        Board basis weight; default 550 (3-ply). [g/m²]
    price_per_m2 : Decimal or str
        Board price; default ¥2.50 (2024 wholesale, 3-ply). Costs are rounded
        half up to the fen. [CNY/m²]
    max_weight_kg : float
        Rated gross weight of every carton; default 20. [kg]

    Returns
    -------
    BoxCatalogue
        Boxes from 1号 (largest) to 12号, in that order.

    Raises
    ------
    InvalidInputError
        For a non-positive parameter or a wall too thick for the smallest box.

    References
    ----------
    1. 中国邮政 邮政纸箱规格 1-12号 (China Post standard carton sizes).
    2. FEFCO (2007), *International Fibreboard Case Code*, 11th ed., style 0201
       (regular slotted container).

    Examples
    --------
    >>> cat = china_postal_cartons()
    >>> b = cat.boxes[11]
    >>> b.name, b.inner_cm, b.cost
    ('12号', (12.4, 7.4, 8.4), Decimal('0.19'))
    """
    wall_cm = as_real_scalar(wall_cm, "wall_cm")
    grammage_g_per_m2 = as_real_scalar(grammage_g_per_m2, "grammage_g_per_m2")
    max_weight_kg = as_real_scalar(max_weight_kg, "max_weight_kg")
    for value, name in ((wall_cm, "wall_cm"), (grammage_g_per_m2, "grammage_g_per_m2"),
                        (max_weight_kg, "max_weight_kg")):  # fmt: skip
        if not (np.isfinite(value) and value > 0):
            raise InvalidInputError(f"{name} must be finite and > 0; got {value!r}")
    price = Fraction(to_decimal(price_per_m2, "price_per_m2"))
    if price < 0:
        raise InvalidInputError(f"price_per_m2 must be >= 0; got {price_per_m2!r}")
    boxes = []
    for name, lmm, wmm, hmm in CHINA_POSTAL_CARTON_MM:
        outer = (lmm / 10.0, wmm / 10.0, hmm / 10.0)
        inner = tuple(round(d - 2 * wall_cm, 4) for d in outer)
        if min(inner) <= 0:
            raise InvalidInputError(f"wall_cm {wall_cm:g} is too thick for box {name}")
        area_m2 = (2 * (outer[0] + outer[1]) + 3.5) * (outer[2] + outer[1]) / 1e4
        boxes.append(
            Box(
                name=name, inner_length_cm=inner[0], inner_width_cm=inner[1],
                inner_height_cm=inner[2], outer_length_cm=outer[0], outer_width_cm=outer[1],
                outer_height_cm=outer[2],
                tare_weight_kg=round(area_m2 * grammage_g_per_m2 / 1000.0, 3),
                cost=_fen_half_up(Fraction(repr(area_m2)) * price),
                max_weight_kg=max_weight_kg,
            )
        )  # fmt: skip
    return BoxCatalogue(currency=Currency("CNY"), boxes=tuple(boxes))


def _fen_half_up(amount: Fraction) -> Decimal:
    """A non-negative exact amount rounded half up to the fen (0.01), in exact integers.

    No Decimal arithmetic: the caller's decimal context (its precision, its
    flags) neither changes the cost nor is touched by computing it.
    """
    scaled = amount * 100
    fen = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(f"{fen}e-2")
