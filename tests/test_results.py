"""Result and table bases: columns, conversions, reprs."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from ecomops._core.models import EcomopsModel, ReadOnlyFloatArray
from ecomops._core.results import Result, Table
from ecomops.exceptions import InvalidInputError


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class _Rows(Table):
    sku: np.ndarray
    qty: np.ndarray
    currency: str = "CNY"


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class _Point(Result):
    order_quantity: float
    cost: float


def _rows(n: int = 20) -> _Rows:
    return _Rows(np.array([f"SKU-{i}" for i in range(n)]), np.arange(n, dtype=float))


def test_columns_and_length() -> None:
    t = _rows()
    assert len(t) == 20
    assert t.column_names == ("sku", "qty")
    assert list(t.columns()) == ["sku", "qty"]
    with pytest.raises(ValueError, match="read-only"):
        t.qty[0] = 5.0


def test_mismatched_columns_raise() -> None:
    with pytest.raises(InvalidInputError, match="one length; got sku=2, qty=3"):
        _Rows(np.array(["a", "b"]), np.arange(3.0))


def test_repr_and_html() -> None:
    t = _rows()
    text = repr(t)
    assert text.startswith("_Rows: 20 rows × 2 columns (currency='CNY')")
    assert "SKU-19" in text
    assert "…" in text
    html = t._repr_html_()
    assert "<table>" in html
    assert "SKU-0" in html
    assert repr(_Point(1.5, 2.25)) == "_Point(order_quantity=1.5, cost=2.25)"
    assert "order_quantity" in _Point(1.5, 2.25)._repr_html_()


def test_to_pandas_and_polars() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    t = _rows(3)
    df = t.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["sku", "qty"]
    assert df["qty"].tolist() == [0.0, 1.0, 2.0]
    df.loc[0, "qty"] = 9.0  # the frame owns its data
    assert t.qty[0] == 0.0
    assert isinstance(t.to_polars(), pl.DataFrame)


def test_edge_model_base() -> None:
    class Card(EcomopsModel):
        weights: ReadOnlyFloatArray
        name: str

    card = Card(weights=[1, 2], name="x")
    assert card.weights.dtype == np.float64
    assert not card.weights.flags.writeable
    assert Card.model_validate_json(card.model_dump_json()).weights.tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="Extra inputs are not permitted"):
        Card(weights=[1], name="x", other=1)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="frozen"):
        card.name = "y"  # type: ignore[misc]
