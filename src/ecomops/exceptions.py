"""Exceptions and warnings raised by ecomops.

Every error ecomops raises on purpose derives from :class:`EcomopsError`. The two
concrete errors also subclass :class:`ValueError`, so code that already catches
``ValueError`` keeps working (the scikit-learn convention).

Examples
--------
>>> from ecomops.exceptions import InvalidInputError
>>> try:
...     raise InvalidInputError("holding_cost must be > 0")
... except ValueError as err:
...     print(type(err).__name__, "-", err)
InvalidInputError - holding_cost must be > 0
"""

from __future__ import annotations

__all__ = [
    "CurrencyMismatchError",
    "EcomopsError",
    "InfeasibleProblemError",
    "InvalidInputError",
    "SmallSampleWarning",
]


class EcomopsError(Exception):
    """Base class of every error raised by ecomops."""


class InvalidInputError(EcomopsError, ValueError):
    """An input is out of range, mis-shaped, non-finite or inconsistent.

    The message names the parameter, the rule it breaks, how many values break
    it and the first offending index.
    """


class CurrencyMismatchError(InvalidInputError):
    """Two amounts in different currencies were combined."""


class InfeasibleProblemError(EcomopsError, ValueError):
    """An optimisation has no feasible or finite solution for the given input."""


class SmallSampleWarning(UserWarning):
    """A statistic was computed from too few observations to be reliable."""
