"""Type aliases shared across ecomops (private)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
ArrayLike: TypeAlias = npt.ArrayLike

#: A real number given by a caller: a Python or numpy scalar.
Real: TypeAlias = float | int | np.floating | np.integer

#: A money amount given as a scalar: read exactly (floats by their shortest decimal form).
MoneyLike: TypeAlias = Decimal | int | float | str | np.floating | np.integer

# --- money options

RoundingMode: TypeAlias = Literal[
    "half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"
]
#: The rounding modes every money function accepts.
ROUNDING_MODES: tuple[RoundingMode, ...] = get_args(RoundingMode)

AllocationMethod: TypeAlias = Literal["largest_remainder", "last_line"]
#: Where the rounding residue of an allocation goes.
ALLOCATION_METHODS: tuple[AllocationMethod, ...] = get_args(AllocationMethod)
