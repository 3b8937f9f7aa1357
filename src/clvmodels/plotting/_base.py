"""Shared plotting helpers: axes handling and a bilingual font context.

Plotting functions take ``ax=None`` and ``lang="en"``, return the Axes, import matplotlib only when
called and never change global style: Chinese text is drawn inside :func:`plot_context`, which
sets a CJK-capable font family for the artists created within it only.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ..labels import check_lang

#: Font families tried, in order, for Chinese text.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
)


#: Installed Python packages that ship an OFL Chinese font, as ``(module, function returning the
#: font file's path)``. ``pylopdf-fonts-zh-cn`` (Noto Sans SC, SIL OFL 1.1) is a dependency of
#: clvmodels, so ``pip install clvmodels`` is enough for Chinese plots without boxes.
CJK_FONT_PACKAGES = (("pylopdf_fonts_zh_cn", "sans_path"),)


def cjk_font_files() -> list[str]:
    """Paths of the CJK font files clvmodels knows about: shipped ones, then font packages."""
    import importlib
    from importlib import resources

    paths: list[str] = []
    fonts_dir = resources.files("clvmodels.plotting") / "fonts"
    if fonts_dir.is_dir():
        for entry in sorted(fonts_dir.iterdir(), key=lambda e: e.name):
            if entry.name.lower().endswith((".ttf", ".otf", ".ttc")):
                with resources.as_file(entry) as path:
                    paths.append(str(path))
    for module_name, func_name in CJK_FONT_PACKAGES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        path = getattr(module, func_name)()
        if path is not None and os.path.exists(path):
            paths.append(str(path))
    return paths


@lru_cache(maxsize=1)
def cjk_font_family() -> str | None:
    """Name of a font family that can draw Chinese, or None when there is none.

    Fonts shipped with the package (``plotting/fonts/``) and the font packages listed in
    :data:`CJK_FONT_PACKAGES` are registered with matplotlib's font manager (for this process
    only) and preferred; otherwise the system families in :data:`CJK_FAMILIES` are looked up.

    Returns
    -------
    str or None
        A family name usable in ``rcParams["font.family"]``, e.g. ``"Noto Sans SC"``.
    """
    from matplotlib import font_manager

    for path in cjk_font_files():
        try:
            font_manager.fontManager.addfont(path)
            return str(font_manager.FontProperties(fname=path).get_name())
        except (OSError, RuntimeError, ValueError):  # unreadable font file: try the next one
            continue
    available = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in available:
            return family
    return None


def install_cjk_fallback() -> str | None:
    """Make the CJK font a fallback after the default font family of this process.

    Appends :func:`cjk_font_family` to ``rcParams["font.family"]`` (once), so every text created
    afterwards is drawn with the default font where it has the glyphs (Latin text looks exactly
    as before) and with the CJK font where it has not (Chinese). Matplotlib fixes a text's
    family list when the text is created, so this must run before the figure is made; the
    ``clvmodels report --lang zh`` kernels run it at start-up, and ``plot_context("zh")`` runs it
    too (for figures created later in the session). Never run on import.

    Returns
    -------
    str or None
        The CJK family, or None when no CJK font is available (nothing is changed).
    """
    family = cjk_font_family()
    if family is None:
        return None
    import matplotlib as mpl

    families = list(mpl.rcParams["font.family"])
    if family not in families:
        mpl.rcParams["font.family"] = [*families, family]
    return family


@contextlib.contextmanager
def plot_context(lang: str = "en") -> Iterator[None]:
    """Context in which artists are created with fonts able to draw ``lang``.

    For ``lang="zh"`` the artists created inside the block use the CJK font first, and the CJK
    font is also installed as a fallback (see :func:`install_cjk_fallback`) so Chinese text set
    later on the same axes draws too. Other rcParams are restored on exit.
    """
    check_lang(lang)
    import matplotlib as mpl

    rc: dict[str, Any] = {}
    if lang == "zh":
        family = install_cjk_fallback()
        if family is not None:
            # Concrete family names, not the generic "sans-serif": text is laid out when the
            # figure is drawn (often after this block, e.g. by the inline backend).
            rc = {"font.family": [family, "DejaVu Sans"], "axes.unicode_minus": False}
    with mpl.rc_context(rc):
        yield


def get_ax(ax: Any = None, *, figsize: tuple[float, float] = (7.0, 4.5)) -> Any:
    """Return ``ax`` or a new Axes on a new figure."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new_ax = plt.subplots(figsize=figsize)
    return new_ax
