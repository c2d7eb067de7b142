"""Rate cards and zone charts are compiled once per object and reused across calls."""

from __future__ import annotations

import gc

import numpy as np

from ecomops import logistics
from ecomops._logistics import engine


def _parcels() -> logistics.ParcelBatch:
    return logistics.ParcelBatch([0.8, 3.2], [30, 40], [20, 30], [10, 20], "HZ", ["上海", "新疆"])


def test_repeated_quotes_are_identical_and_compile_once() -> None:
    services = logistics.example_services("CN")
    first = logistics.quote(_parcels(), services)
    compiled = engine.compiled_card(services[0].rates[0])
    second = logistics.quote(_parcels(), services)
    assert engine.compiled_card(services[0].rates[0]) is compiled  # reused, not rebuilt
    assert first.cost == second.cost
    np.testing.assert_array_equal(first.transit_days, second.transit_days)


def test_compiled_cards_cannot_be_written_through() -> None:
    card = engine.compiled_card(logistics.example_services("CN")[0].rates[0])
    assert not card.lut.flags.writeable


def test_entries_go_with_their_objects_and_the_cache_is_bounded() -> None:
    services = logistics.example_services("CN")
    logistics.quote(_parcels(), services)
    keys = {id(card) for s in services for card in s.rates}
    assert keys <= set(engine._COMPILED_CARDS._store)
    del services
    gc.collect()
    assert not keys & set(engine._COMPILED_CARDS._store)

    small = engine.IdentityCache(lambda obj: object(), maxsize=3)
    owners = [logistics.example_services("CN")[0].rates[0] for _ in range(5)]
    for owner in owners:
        small(owner)
    assert len(small._store) == 3
