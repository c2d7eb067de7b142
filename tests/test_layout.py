"""The source tree keeps the shape docs/design.md describes.

* each public domain module is a facade over its private subpackage;
* no module imports a private name (``_x``) from another module;
* no function is longer than 80 lines of code (docstring, comments and blank
  lines not counted): a longer one reads better as a sequence of named steps.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

import ecomops

SRC = pathlib.Path(__file__).parents[1] / "src" / "ecomops"
DOMAINS = ("money", *ecomops._DOMAINS)  # every public module with a subpackage
MAX_LINES = 80


def _sources() -> list[pathlib.Path]:
    return sorted(SRC.rglob("*.py"))


def _code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> int:
    body = node.body
    skip_to = node.lineno
    first = body[0] if body else None
    is_docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    if is_docstring and isinstance(first.value.value, str):  # type: ignore[union-attr]
        skip_to = first.end_lineno or node.lineno  # type: ignore[union-attr]
    count = 0
    for number in range(node.lineno, (node.end_lineno or node.lineno) + 1):
        if node.lineno < number <= skip_to:
            continue
        text = lines[number - 1].strip()
        if text and not text.startswith("#"):
            count += 1
    return count


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_domain_has_its_private_subpackage(domain: str) -> None:
    assert (SRC / f"{domain}.py").is_file()
    assert (SRC / f"_{domain}" / "__init__.py").is_file()
    flat = sorted(p.name for p in SRC.glob(f"_{domain}_*.py"))
    assert not flat, f"implementation files outside _{domain}/: {flat}"


def test_public_modules_hold_no_logic() -> None:
    for domain in DOMAINS:
        tree = ast.parse((SRC / f"{domain}.py").read_text(encoding="utf-8"))
        defined = [
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]
        assert not defined, f"ecomops.{domain} defines {defined}: move them to _{domain}/"


def test_no_module_imports_another_modules_private_names() -> None:
    offenders = [
        f"{path.relative_to(SRC)}: {node.module}.{alias.name}"
        for path in _sources()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ecomops")
        for alias in node.names
        if alias.name.startswith("_") and alias.name != "__version__"
    ]
    assert not offenders, "\n".join(offenders)


def test_no_function_is_longer_than_80_lines_of_code() -> None:
    long = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = _code_lines(node, lines)
                if n > MAX_LINES:
                    long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}: {n} lines")
    assert not long, "\n".join(sorted(long))


#: What each private layer may import, besides itself and ``ecomops.exceptions``:
#: the core imports nothing else, money builds on the core, and a domain builds
#: on the core and money, never on another domain.
ALLOWED = {"_core": set(), "_money": {"_core"}}
ALLOWED.update({f"_{d}": {"_core", "_money"} for d in DOMAINS if d != "money"})

#: Layers that sit on top of other domains, with the domains each may use:
#: forecasting feeds inventory (inventory never learns about forecasts), and the
#: data-frame entry points and the plots serve every domain (no domain imports them).
_BASE = {"_core", "_money"}
_ALL_DOMAINS = {f"_{d}" for d in DOMAINS if d != "money"} - {"_frames", "_plot"}
ABOVE = {
    "_forecast": _BASE | {"_inventory"},
    "_frames": _BASE | _ALL_DOMAINS,
    "_plot": _BASE | _ALL_DOMAINS | {"_frames"},
}
ALLOWED.update({layer: deps - {layer} for layer, deps in ABOVE.items() if (SRC / layer).is_dir()})


def _imported_layers(path: pathlib.Path) -> set[str]:
    layers = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "ecomops" and len(parts) > 1:
                layers.add(parts[1])
    return layers


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layers_import_only_the_layers_below(layer: str) -> None:
    allowed = ALLOWED[layer] | {layer, "exceptions"}
    if "_money" in allowed:
        allowed.add("money")  # the money layer, through its public facade
    bad = sorted(
        f"{path.relative_to(SRC)} imports ecomops.{other}"
        for path in sorted((SRC / layer).rglob("*.py"))
        for other in _imported_layers(path) - allowed
    )
    assert not bad, "\n".join(bad)
