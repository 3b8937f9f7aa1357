"""Fitting on a random sample of customers at scale, and saying so on the page (抽样拟合说明).

Some steps of the report cost far more per customer than reading the data: maximum-likelihood
fits evaluated hundreds of times, cross-fitted classifiers, mixture models for every k. With a
million customers they fit on a random sample (a notebook parameter, e.g. ``fit_sample``), apply
the fitted model to every customer, and the page states the sample size, computed from the run.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .exceptions import ParameterError
from .labels import check_lang, label

__all__ = ["check_sample_size", "sample_note", "sample_positions"]


def check_sample_size(name: str, value: Any) -> int | None:
    """``value`` as a positive int, or None; ParameterError naming ``name`` otherwise."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ParameterError(
            f"{name}={value!r} must be a positive whole number of customers, or None for all."
        )
    return int(value)


def sample_positions(n: int, size: int | None, random_state: Any = None) -> np.ndarray | None:
    """Sorted positions of a random subset of ``size`` of ``n`` rows, or None when ``size`` is
    None or not smaller than ``n`` (use every row).

    Parameters
    ----------
    n : int
        Rows available.
    size : int or None
        Rows wanted.
    random_state : int, numpy Generator or None
        Seed of the draw (without replacement).

    Returns
    -------
    numpy.ndarray or None
    """
    if size is None or n <= size:
        return None
    return np.sort(np.random.default_rng(random_state).choice(n, size=int(size), replace=False))


def sample_note(
    n_used: int, n_total: int, *, what: tuple[str, str], parameter: str, covers: tuple[str, str],
    lang: str = "en",
) -> str:
    """One sentence saying that a step used a random sample of the customers ("" when it used
    all of them).

    Parameters
    ----------
    n_used, n_total : int
        Customers the step used, and customers there were.
    what : (str, str)
        What was done on the sample, in English and Chinese, e.g. ``("Models fitted",
        "模型拟合")``.
    parameter : str
        The notebook parameter that sets the sample size, e.g. ``"fit_sample"``.
    covers : (str, str)
        What still covers every customer, e.g. ``("predictions cover all customers",
        "预测覆盖全部客户")``.
    lang : {"en", "zh"}

    Returns
    -------
    str
        e.g. ``"Models fitted on a random sample of 50,000 of 1,000,000 customers (parameter
        fit_sample); predictions cover all customers."``
    """
    check_lang(lang)
    if n_used >= n_total:
        return ""
    i = 1 if lang == "zh" else 0  # what/covers come as an (en, zh) pair
    return label("sample_note", lang).format(what=what[i], n_used=n_used, n_total=n_total,
                                             parameter=parameter, covers=covers[i])
