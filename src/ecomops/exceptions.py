"""Exceptions and warnings raised by ecomops.

Every error ecomops raises on purpose derives from
[`EcomopsError`][ecomops.exceptions.EcomopsError]. The two concrete errors also
subclass `ValueError`, so code that already catches ``ValueError`` keeps working
(the scikit-learn convention).

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
    """Base class of every error raised by ecomops.

    Examples
    --------
    >>> import ecomops
    >>> try:
    ...     ecomops.round_money("abc", "CNY")
    ... except EcomopsError as err:
    ...     print(err)
    amounts must be a number; got 'abc'
    """


class InvalidInputError(EcomopsError, ValueError):
    """An input is out of range, mis-shaped, non-finite or inconsistent.

    The message names the parameter, the rule it breaks, how many values break
    it and the first offending index.

    Examples
    --------
    >>> import ecomops
    >>> ecomops.round_money([1.0, float("nan")], "CNY")
    Traceback (most recent call last):
    ...
    ecomops.exceptions.InvalidInputError: amounts must be finite; 1 value is not, ... index 1: nan
    """


class CurrencyMismatchError(InvalidInputError):
    """Two amounts in different currencies were combined.

    Examples
    --------
    >>> from ecomops import Money
    >>> Money(1, "CNY") + Money(1, "USD")
    Traceback (most recent call last):
    ...
    ecomops.exceptions.CurrencyMismatchError: cannot add CNY and USD amounts
    """


class InfeasibleProblemError(EcomopsError, ValueError):
    """An optimisation has no feasible or finite solution for the given input.

    Raised, for example, when a constant-elasticity demand curve with elasticity
    above -1 admits no profit-maximising price, or when warehouse capacities
    cannot cover demand; the message names the binding constraint.

    Examples
    --------
    >>> issubclass(InfeasibleProblemError, ValueError)
    True
    """


class SmallSampleWarning(UserWarning):
    """A statistic was computed from too few observations to be reliable.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("only 3 observations", SmallSampleWarning, stacklevel=1)
    >>> caught[0].category.__name__
    'SmallSampleWarning'
    """
