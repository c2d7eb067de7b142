"""ecomops: e-commerce operations primitives.

Exact money, pricing, inventory, conversion funnels, customer segmentation,
logistics and SEO, as typed, vectorised, tested functions.

Examples
--------
>>> import ecomops
>>> ecomops.round_money(2.675, "CNY")
Money('2.68', 'CNY')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ecomops import exceptions, money
from ecomops._version import __version__
from ecomops.exceptions import (
    CurrencyMismatchError,
    EcomopsError,
    InfeasibleProblemError,
    InvalidInputError,
    SmallSampleWarning,
)
from ecomops.money import (
    Currency,
    Money,
    MoneyArray,
    allocate,
    from_minor_units,
    round_money,
    to_minor_units,
)

if TYPE_CHECKING:
    from ecomops import (
        datasets,
        forecast,
        frames,
        funnel,
        inventory,
        logistics,
        pricing,
        promotions,
        segmentation,
        seo,
    )
    from ecomops import plot as plot

#: The domain modules, in one place: imported on first attribute access (so
#: ``import ecomops`` stays fast) and listed in ``__all__`` and ``dir()``.
_DOMAINS = (
    "datasets",
    "forecast",
    "funnel",
    "inventory",
    "logistics",
    "pricing",
    "promotions",
    "segmentation",
    "seo",
)
#: The layers on top of the domains, lazily imported the same way. ``plot``
#: needs the ``plot`` extra (matplotlib) and loads it only when first used; it
#: stays out of ``__all__`` so that ``from ecomops import *`` never needs it.
_LAYERS = ("frames", "plot")
_LAZY_SUBMODULES = frozenset(_DOMAINS) | frozenset(_LAYERS)

__all__ = [
    "Currency",
    "CurrencyMismatchError",
    "EcomopsError",
    "InfeasibleProblemError",
    "InvalidInputError",
    "Money",
    "MoneyArray",
    "SmallSampleWarning",
    "__version__",
    "allocate",
    "datasets",
    "exceptions",
    "forecast",
    "frames",
    "from_minor_units",
    "funnel",
    "inventory",
    "logistics",
    "money",
    "pricing",
    "promotions",
    "round_money",
    "segmentation",
    "seo",
    "to_minor_units",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY_SUBMODULES:
        module = importlib.import_module(f"ecomops.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'ecomops' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY_SUBMODULES)
