"""What the engine needs of one promotion, compiled once per model (private)."""

from __future__ import annotations

from ecomops._promotions.rules import Rule

__all__ = ["Compiled"]


class Compiled:
    """A promotion as the engine runs it: its rule, scope and stacking attributes (private).

    ``skus``, ``categories``, ``shops`` are frozensets, or ``None`` for no
    restriction; ``currency`` is the ISO code.
    """

    __slots__ = (
        "categories",
        "currency",
        "id",
        "level",
        "priority",
        "rule",
        "shops",
        "skus",
        "stack_group",
        "stop_further",
    )

    def __init__(
        self,
        rule: Rule,
        *,
        id: str,
        level: str,
        skus: frozenset[str] | None,
        categories: frozenset[str] | None,
        shops: frozenset[str] | None,
        stack_group: str | None,
        stop_further: bool,
        priority: int,
        currency: str,
    ) -> None:
        self.rule = rule
        self.id = id
        self.level = level
        self.skus = skus
        self.categories = categories
        self.shops = shops
        self.stack_group = stack_group
        self.stop_further = stop_further
        self.priority = priority
        self.currency = currency

    def matches(self, sku: str, category: str, shop: str) -> bool:
        """True when a line with these keys is in the promotion's scope."""
        return (
            (self.skus is None or sku in self.skus)
            and (self.categories is None or category in self.categories)
            and (self.shops is None or shop in self.shops)
        )
