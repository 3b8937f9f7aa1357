"""The package's architecture, checked by tools: layers, no cycles, no private names across packages.

The layer order and the acyclic contract are declared once, in ``pyproject.toml``
(``[tool.importlinter]``), and checked by import-linter here and by ``make lint``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _lint_imports() -> Path:
    exe = Path(sys.executable).parent / "lint-imports"
    if not exe.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    return exe


def test_layer_and_acyclic_contracts_are_kept() -> None:
    proc = subprocess.run(
        [str(_lint_imports()), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def _modules(src: Path = SRC) -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in (src / "clvmodels").rglob("*.py"):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_pkg)
    return out


def _owner(dotted: str, modules: dict[str, tuple[Path, bool]]) -> str | None:
    """The package a private name or module belongs to, or None when nothing in it is private.

    ``clvmodels.segmentation._base.x`` -> ``clvmodels.segmentation``;
    ``clvmodels.features.summary._to_day`` -> ``clvmodels.features`` (the module's package).
    """
    parts = dotted.split(".")
    for i, part in enumerate(parts[1:], start=1):
        if part.startswith("_") and not part.startswith("__"):
            parent = ".".join(parts[:i])
            if parent in modules and not modules[parent][1]:  # a private name of a module
                return parent.rsplit(".", 1)[0]
            return parent
    return None


def private_imports_across_packages(src: Path = SRC) -> list[str]:
    """``"importer -> imported"`` for each import of another package's private name."""
    modules = _modules(src)
    found = []
    for name, (path, is_pkg) in sorted(modules.items()):
        package = name if is_pkg else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [f"{module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            for target in targets:
                if not target.startswith("clvmodels."):
                    continue
                owner = _owner(target, modules)
                if owner is None or owner == "clvmodels":  # root-level _units/_checks: shared
                    continue
                if name != owner and not name.startswith(owner + "."):
                    found.append(f"{name} -> {target}")
    return found


def test_no_module_imports_a_private_name_of_another_package() -> None:
    assert private_imports_across_packages() == []


def test_the_private_import_check_can_fail(tmp_path: Path) -> None:
    modules = _modules()
    assert _owner("clvmodels.segmentation._base.segment_label", modules) == "clvmodels.segmentation"
    assert _owner("clvmodels.models._base.BaseModel", modules) == "clvmodels.models"
    assert _owner("clvmodels.models.bgnbd._helper", modules) == "clvmodels.models"
    assert _owner("clvmodels._units.periods_per_year", modules) == "clvmodels"
    assert _owner("clvmodels.segmentation.segment_summary", modules) is None
    pkg = tmp_path / "clvmodels"
    for sub, text in {
        "__init__.py": "",
        "_units.py": "X = 1\n",
        "a/__init__.py": "from ._base import x\n",
        "a/_base.py": "x = 1\n",
        "a/inner.py": "from ._base import x\nfrom .._units import X\n",
        "b/__init__.py": "from ..a._base import x\nfrom clvmodels.a import x as y\n",
    }.items():
        (pkg / sub).parent.mkdir(parents=True, exist_ok=True)
        (pkg / sub).write_text(text)
    assert private_imports_across_packages(tmp_path) == ["clvmodels.b -> clvmodels.a._base.x"]
