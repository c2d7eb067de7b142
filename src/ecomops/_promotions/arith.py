"""Integer arithmetic of the hot path: rounding a ratio, largest-remainder splits (private).

Plain Python integers of minor units: for a cart of a few lines this is faster
than numpy, and exact. `split` is the same rule as `ecomops.money.allocate`
(Hamilton's largest remainder, ties to the lower index); the tests check the two
against each other.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["round_ratio", "split"]


def round_ratio(numerator: int, denominator: int, rounding: str) -> int:
    """``numerator / denominator`` rounded to an integer; both non-negative, denominator > 0."""
    quotient, remainder = divmod(numerator, denominator)
    if remainder == 0 or rounding in ("down", "floor"):
        return quotient
    if rounding in ("up", "ceiling"):
        return quotient + 1
    twice = 2 * remainder
    if rounding == "half_up":
        return quotient + (twice >= denominator)
    if rounding == "half_down":
        return quotient + (twice > denominator)
    # half_even
    return quotient + (twice > denominator or (twice == denominator and quotient % 2 == 1))


def split(total: int, weights: Sequence[int]) -> list[int]:
    """Split a non-negative integer ``total`` by non-negative integer ``weights``, exactly.

    Each part is ``floor(total * w / W)``; the units still missing go one each
    to the largest remainders, ties to the lower index. A zero weight gets 0, and
    when ``total <= W`` no part exceeds its weight.
    """
    weight_sum = sum(weights)
    if total == 0 or weight_sum == 0:
        return [0] * len(weights)
    parts = [total * w // weight_sum for w in weights]
    missing = total - sum(parts)
    if missing:
        remainders = [total * w - p * weight_sum for w, p in zip(weights, parts, strict=True)]
        # a stable sort keeps ties in index order, also when reversed
        order = sorted(range(len(weights)), key=remainders.__getitem__, reverse=True)
        for i in order[:missing]:
            parts[i] += 1
    return parts
