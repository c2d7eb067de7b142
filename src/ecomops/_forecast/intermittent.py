r"""Intermittent-demand models: Croston, SBA, TSB, ADIDA and IMAPA (private)."""

from __future__ import annotations

from ecomops._core.typing import FloatArray
from ecomops._forecast.panel import Panel
from ecomops._forecast.result import Forecast
from ecomops.exceptions import InvalidInputError

__all__ = ["intermittent"]


def intermittent(
    method: str, panel: Panel, horizon: int, given: dict[str, FloatArray | None]
) -> Forecast:
    """Dispatch to one intermittent model."""
    raise InvalidInputError(f"method={method!r} is not available yet")
