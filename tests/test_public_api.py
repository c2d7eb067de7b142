"""The public surface: curated, sorted ``__all__`` and documented functions."""

from __future__ import annotations

import importlib
import inspect
import pathlib
import subprocess
import sys
from types import ModuleType

import pytest

import ecomops

SRC = pathlib.Path(ecomops.__file__).parent
PUBLIC_MODULES = sorted(p.stem for p in SRC.glob("*.py") if not p.stem.startswith("_"))


def _isort_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 checks: CONSTANTS, then Classes, then functions."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def _sorted(names: list[str]) -> list[str]:
    return sorted(names, key=_isort_key)


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"ecomops.{name}")


def _public_objects(module: ModuleType) -> dict[str, object]:
    return {name: getattr(module, name) for name in module.__all__}


def test_top_level_all_is_sorted_and_resolves() -> None:
    assert ecomops.__all__ == _sorted(ecomops.__all__)
    for name in ecomops.__all__:
        assert hasattr(ecomops, name), name


def test_every_public_module_is_reachable_from_the_package() -> None:
    for name in PUBLIC_MODULES:
        assert getattr(ecomops, name) is _module(name)
        assert name in dir(ecomops)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_module_all_is_sorted_and_complete(name: str) -> None:
    module = _module(name)
    assert module.__all__ == _sorted(module.__all__), f"ecomops.{name}.__all__ is not sorted"
    for attr in module.__all__:
        assert hasattr(module, attr), f"ecomops.{name}.__all__ names a missing {attr!r}"
    # every public function or class defined by the module (or its private
    # implementation modules) is listed
    prefix = f"ecomops._{name}"
    for attr, obj in vars(module).items():
        if attr.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        home = getattr(obj, "__module__", "")
        if home == module.__name__ or home.startswith(prefix):
            assert attr in module.__all__, f"ecomops.{name}.{attr} is public but not in __all__"


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_module_docstring_has_examples(name: str) -> None:
    doc = inspect.getdoc(_module(name)) or ""
    assert "Examples" in doc, f"ecomops.{name} has no module-level Examples"


def _documented_callables() -> list[tuple[str, str, object]]:
    out = []
    for name in PUBLIC_MODULES:
        for attr, obj in _public_objects(_module(name)).items():
            if inspect.isfunction(obj) or inspect.isclass(obj):
                out.append((name, attr, obj))
    return out


@pytest.mark.parametrize(
    ("module", "attr", "obj"),
    _documented_callables(),
    ids=[f"{m}.{a}" for m, a, _ in _documented_callables()],
)
def test_public_callables_have_examples_and_references(module: str, attr: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    assert doc, f"ecomops.{module}.{attr} has no docstring"
    assert "Examples" in doc, f"ecomops.{module}.{attr} has no Examples section"
    if inspect.isfunction(obj) and module != "datasets":
        assert "References" in doc, f"ecomops.{module}.{attr} has no References section"


def test_exceptions_are_value_errors() -> None:
    assert issubclass(ecomops.InvalidInputError, ValueError)
    assert issubclass(ecomops.InfeasibleProblemError, ValueError)
    assert issubclass(ecomops.InvalidInputError, ecomops.EcomopsError)
    assert issubclass(ecomops.SmallSampleWarning, UserWarning)


def test_import_is_light() -> None:
    code = (
        "import sys, ecomops; "
        "print(sorted(m for m in ('scipy', 'pandas', 'polars', 'narwhals', 'matplotlib') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]", f"import ecomops pulled in {out}"


def test_every_name_resolves_in_a_fresh_interpreter() -> None:
    """Test collection imports the domain modules first; a fresh interpreter does not."""
    # ``plot`` needs the plot extra, so it stays out of ``__all__`` (``import *``)
    code = (
        "import ecomops; "
        "missing = [n for n in ecomops.__all__ if not hasattr(ecomops, n)]; "
        "assert set(ecomops._DOMAINS) <= set(ecomops.__all__), ecomops._DOMAINS; "
        "assert set(ecomops._LAYERS) - {'plot'} <= set(ecomops.__all__), ecomops._LAYERS; "
        "print(missing)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]", f"names a fresh 'import ecomops' cannot reach: {out}"


def test_py_typed_is_shipped() -> None:
    assert (SRC / "py.typed").exists()


def test_version() -> None:
    assert isinstance(ecomops.__version__, str)
    assert ecomops.__version__.count(".") == 2
