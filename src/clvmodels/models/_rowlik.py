"""Per-customer (row-wise) log-likelihoods with analytic gradients, for customer covariates.

The models in :mod:`clvmodels.models` sum their log-likelihood over customers who share one set
of parameters. The functions here give each customer's own log-likelihood term and its
derivatives with respect to that customer's parameters, which may differ from customer to
customer (scalars or arrays of shape ``(n,)``, broadcast against the data). A model with
customer covariates, e.g. ``r_i = r0 * exp(beta . z_i)``, sums ``w_i * ll_i`` and gets its
gradient by the chain rule: ``d ll_i / d beta = grad[0, i] * r_i * z_i``.

With scalar parameters, ``np.sum(w * ll)`` is exactly the log-likelihood the models maximize
(``_loglik(params, data, 0)[0]``), constant terms included (one deliberate difference: the
BG/NBD family's ``_loglik`` caps the log-odds ``D`` of its ``log(1 + exp(D))`` term at 700, so it
understates customers with ``D > 700``; here that term is exact, ``logaddexp(0, D)``, as in the
models' ``loglik_customers``):

* :func:`betageo_rows`: BG/NBD (``shift=0``, :class:`~clvmodels.models.BetaGeoModel`) and
  MBG/NBD (``shift=1``, :class:`~clvmodels.models.ModifiedBetaGeoModel`), the full likelihood
  of ``(x, t_x, T)`` (Fader, Hardie & Lee 2005a, eq. 6; Batislam et al. 2007, eq. 4).
* :func:`gammagamma_rows`: Gamma-Gamma (:class:`~clvmodels.models.GammaGammaModel`), the density
  of the observed mean spend ``zbar`` of ``x`` repeat purchases (Fader & Hardie 2013, eq. 3),
  including the ``zbar^(px - 1) x^(px)`` factors.

Everything is evaluated in log space (``log1p``, ``logaddexp``, ``betaln``), and differences
of log-gamma and digamma functions at large arguments by their asymptotic series, so that large
frequencies (``x`` up to 1e4) and parameters over the models' whole search range (``exp(+-18)``,
about 1e-8 to 1e8) give finite and accurate values (the models' own ``gammaln`` differences lose
about 1e-7 in absolute terms when ``a`` and ``b`` are near 1e8).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

__all__ = ["betageo_rows", "gammagamma_rows"]


#: Arguments from which log-gamma and digamma differences use their asymptotic series (the
#: first omitted terms are below 1e-16 there).
_ASYMPTOTIC = 30.0


def _lgamma_diff(z: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``log G(z + n) - log G(z)`` for ``z > 0``, ``n >= 0``, without cancellation for large ``z``.

    For ``z >= 30`` Stirling's series of both terms is subtracted term by term:
    ``(z - 1/2) log(1 + n/z) + n (log(z + n) - 1) + s(z + n) - s(z)``.
    """
    big = z >= _ASYMPTOTIC
    zs = np.where(big, z, _ASYMPTOTIC)
    y = zs + n

    def s(v: np.ndarray) -> np.ndarray:
        i2 = 1.0 / (v * v)
        return (1.0 / 12.0 - i2 * (1.0 / 360.0 - i2 * (1.0 / 1260.0 - i2 / 1680.0))) / v

    asym = (zs - 0.5) * np.log1p(n / zs) + n * (np.log(y) - 1.0) + (s(y) - s(zs))
    return np.where(big, asym, special.gammaln(z + n) - special.gammaln(z))


def _psi_diff(z: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``psi(z + n) - psi(z)`` for ``z > 0``, ``n >= 0``, without cancellation for large ``z``."""
    big = z >= _ASYMPTOTIC
    zs = np.where(big, z, _ASYMPTOTIC)
    y = zs + n

    def t(v: np.ndarray) -> np.ndarray:
        i2 = 1.0 / (v * v)
        return -i2 * (1.0 / 12.0 - i2 * (1.0 / 120.0 - i2 * (1.0 / 252.0 - i2 / 240.0)))

    asym = np.log1p(n / zs) + n / (2.0 * zs * y) + (t(y) - t(zs))
    return np.where(big, asym, special.psi(z + n) - special.psi(z))


def _as_rows(*values: ArrayLike) -> list[np.ndarray]:
    """Float arrays of the values broadcast to one common shape (copies, writable)."""
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in values))
    return [np.array(a, dtype=float) for a in arrays]


def betageo_rows(
    r: ArrayLike,
    alpha: ArrayLike,
    a: ArrayLike,
    b: ArrayLike,
    x: ArrayLike,
    tx: ArrayLike,
    T: ArrayLike,
    *,
    shift: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Per-customer log-likelihood of BG/NBD (``shift=0``) or MBG/NBD (``shift=1``) and its gradient.

    Parameters
    ----------
    r, alpha, a, b : float or array_like of shape (n,)
        Each customer's parameters (all > 0); scalars apply to every customer.
    x, tx, T : array_like of shape (n,)
        Repeat purchases (``frequency``), time of the last one (``recency``) and age ``T`` of
        each customer (``T > 0``; the models leave customers of age 0 out of the likelihood).
    shift : {0, 1}, default 0
        0 for BG/NBD (dropout after repeat purchases only), 1 for MBG/NBD (dropout possible
        right after the first purchase too).

    Returns
    -------
    ll : numpy.ndarray of shape (n,)
        ``log L_i`` of each customer at their own parameters.
    grad : numpy.ndarray of shape (4, n)
        ``d ll_i / d (r, alpha, a, b)``, each at customer ``i``'s parameters.

    Raises
    ------
    ValueError
        If ``shift`` is not 0 or 1, or the arrays do not broadcast together.

    Notes
    -----
    With ``k = shift`` and ``dL = log((alpha + T) / (alpha + t_x))``::

        log L = log G(r+x) - log G(r) - r log(1 + T/alpha) - x log(alpha + T)
                + log B(a, b+x+k) - log B(a, b) + log(1 + exp(D)),
        D = log a - log(b + x + k - 1) + (r + x) dL,

    where the last term is absent (``D = -inf``) for BG/NBD customers with ``x = 0``; it is the
    model's ``c + A3 + logaddexp(0, D)``, written so that no large terms cancel. The
    derivatives, with ``e = 1 / (1 + exp(-D))`` (0 where the term is absent)::

        d/dr     = psi(r+x) - psi(r) - log(1 + T/alpha) + e dL
        d/dalpha = r T / (alpha (alpha+T)) - x / (alpha+T) - e (r+x) (T-t_x) / ((alpha+T)(alpha+t_x))
        d/da     = psi(a+b) - psi(a+b+x+k) + e / a
        d/db     = psi(a+b) + psi(b+x+k) - psi(b) - psi(a+b+x+k) - e / (b+x+k-1)

    Examples
    --------
    >>> import numpy as np
    >>> ll, grad = betageo_rows(0.24, 4.4, 0.79, 2.4, np.array([0.0, 2.0]),
    ...                         np.array([0.0, 30.0]), np.array([38.0, 38.0]))
    >>> ll.shape, grad.shape
    ((2,), (4, 2))
    """
    if shift not in (0, 1):
        raise ValueError(f"shift must be 0 (BG/NBD) or 1 (MBG/NBD), got {shift!r}")
    k = float(shift)
    r, alpha, a, b, x, tx, T = _as_rows(r, alpha, a, b, x, tx, T)

    # rows carrying the second term: x > 0 for BG/NBD, every row for MBG/NBD
    has_d = x > 0 if shift == 0 else np.ones(x.shape, dtype=bool)
    rx = r + x
    xk = x + k
    ab = a + b
    # b + x + k - 1 with the integer part added last, exact for tiny b; 1 where the term is absent
    bx1 = np.where(has_d, b + (x + (k - 1.0)), 1.0)
    aT = alpha + T
    atx = alpha + tx
    log_aT = np.log(aT)
    l1T = np.log1p(T / alpha)  # log((alpha + T) / alpha)
    dL = np.log1p((T - tx) / atx)  # log((alpha + T) / (alpha + t_x)), >= 0
    D = np.where(has_d, np.log(a) - np.log(bx1) + rx * dL, -np.inf)

    # log B(a, b+x+k) - log B(a, b) = [log G(b+x+k) - log G(b)] - [log G(a+b+x+k) - log G(a+b)]
    ll = (_lgamma_diff(r, x) - r * l1T - x * log_aT
          + _lgamma_diff(b, xk) - _lgamma_diff(ab, xk)
          + np.logaddexp(0.0, D))

    e = special.expit(D)  # 0 where the term is absent
    dpsi_ab = _psi_diff(ab, xk)  # psi(a+b+x+k) - psi(a+b)
    grad = np.empty((4, *ll.shape))
    grad[0] = _psi_diff(r, x) - l1T + e * dL
    grad[1] = (r * T / (alpha * aT) - x / aT
               - e * rx * ((T - tx) / (aT * atx)))
    grad[2] = e / a - dpsi_ab
    grad[3] = _psi_diff(b, xk) - dpsi_ab - e / bx1
    return ll, grad


def gammagamma_rows(
    p: ArrayLike,
    q: ArrayLike,
    gamma: ArrayLike,
    x: ArrayLike,
    m: ArrayLike,
) -> tuple[np.ndarray, np.ndarray]:
    """Per-customer Gamma-Gamma log-likelihood of the mean spend and its gradient.

    Parameters
    ----------
    p, q, gamma : float or array_like of shape (n,)
        Each customer's parameters (all > 0); scalars apply to every customer.
    x : array_like of shape (n,)
        Repeat purchases (``frequency``).
    m : array_like of shape (n,)
        Mean spend of those repeat purchases (``monetary_value``, > 0 where ``x > 0``).

    Returns
    -------
    ll : numpy.ndarray of shape (n,)
        Log density of customer ``i``'s observed mean spend at their own parameters; 0 for
        customers with ``x == 0`` (no repeat purchase, no spend to model:
        :class:`~clvmodels.models.GammaGammaModel` leaves them out of the fit).
    grad : numpy.ndarray of shape (3, n)
        ``d ll_i / d (p, q, gamma)``; 0 for customers with ``x == 0``.

    Raises
    ------
    ValueError
        If the arrays do not broadcast together.

    Notes
    -----
    The density of ``zbar = m`` over ``x`` transactions (Fader & Hardie 2013, eq. 3), as in
    :class:`~clvmodels.models.GammaGammaModel` (constants included)::

        log f = log G(px+q) - log G(px) - log G(q) + q log gamma + (px-1) log m + px log x
                - (px+q) log(gamma + x m)
              = -log B(px, q) - q log(1 + x m/gamma) - px log(1 + gamma/(x m)) - log m

    (the second form, used here, has no cancelling large terms). Derivatives::

        d/dp     = x (psi(px+q) - psi(px) - log(1 + gamma/(x m)))
        d/dq     = psi(px+q) - psi(q) - log(1 + x m/gamma)
        d/dgamma = (q x m - px gamma) / (gamma (gamma + x m))

    Rows with ``x > 0`` and ``m <= 0`` are invalid data and give NaN or infinite values.

    Examples
    --------
    >>> import numpy as np
    >>> ll, grad = gammagamma_rows(6.0, 4.0, 15.0, np.array([1.0, 3.0]), np.array([20.0, 35.0]))
    >>> ll.shape, grad.shape
    ((2,), (3, 2))
    """
    p, q, g, x, m = _as_rows(p, q, gamma, x, m)
    rep = x > 0
    # one-time buyers: harmless placeholders, zeroed at the end
    xs = np.where(rep, x, 1.0)
    ms = np.where(rep, m, 1.0)
    px = p * xs
    xm = xs * ms
    l_xm = np.log1p(xm / g)  # log((gamma + x m) / gamma)
    l_g = np.log1p(g / xm)  # log((gamma + x m) / (x m))
    ll = -special.betaln(px, q) - q * l_xm - px * l_g - np.log(ms)

    grad = np.empty((3, *ll.shape))
    grad[0] = xs * (_psi_diff(px, q) - l_g)
    grad[1] = _psi_diff(q, px) - l_xm
    grad[2] = (q * xm - px * g) / (g * (g + xm))
    ll = np.where(rep, ll, 0.0)
    grad = np.where(rep, grad, 0.0)
    return ll, grad
