"""Inference that falls out of the Hessian: standard errors, Wald tests, intervals, the summary table.

Every estimator in :mod:`estlab.linear_model` ends its ``fit`` with the parameter vector
``params_`` and its covariance estimate; everything here is a function of those two:

.. math::

    \\mathrm{se}_j = \\sqrt{\\hat V_{jj}}, \\qquad
    z_j = \\hat\\theta_j / \\mathrm{se}_j, \\qquad
    \\hat\\theta_j \\pm q_{1-(1-\\text{level})/2}\\, \\mathrm{se}_j,

with ``q`` the standard normal quantile (the GLMs: asymptotic Wald inference) or Student's
``t`` quantile with ``n - k`` degrees of freedom (linear regression with Gaussian errors, where
the ``t`` distribution is exact). This mirrors statsmodels' ``bse``, ``tvalues``, ``pvalues``,
``conf_int()`` and ``summary()``.
"""

import numpy as np
from scipy import special

from estlab._validation import check_level
from estlab.base import check_is_fitted

__all__ = ["Summary", "InferenceMixin", "information_criteria", "stderr_from_cov"]


def stderr_from_cov(cov_diag):
    """Standard errors ``sqrt(diag V)``; tiny negative round-off is clipped to zero."""
    return np.sqrt(np.maximum(cov_diag, 0.0))


def information_criteria(loglik, n_params, n_samples):
    """``(aic, bic)`` with statsmodels' conventions: ``-2 loglik + 2 k`` and ``-2 loglik + k log n``.

    ``k`` counts the regression parameters (intercept included, the Gaussian variance not), as
    statsmodels' ``OLS``, ``Logit``, ``MNLogit`` and ``GLM`` (``bic_llf``) do.
    """
    aic = -2.0 * loglik + 2.0 * n_params
    bic = -2.0 * loglik + np.log(n_samples) * n_params
    return float(aic), float(bic)


def _cell(value, width, decimals):
    """``value`` right-aligned in ``width`` characters: fixed point with ``decimals`` digits, or
    ``%.3g`` when that would overflow the column or show a nonzero value as 0 (as statsmodels
    switches for very large or very small numbers)."""
    text = f"{value:.{decimals}f}"
    if len(text) > width - 1 or (value != 0 and float(text) == 0):
        text = f"{value:.3g}"
    return f"{text:>{width}}"


class Summary(str):
    """The text of a ``summary()`` table: a ``str`` that also displays as the table.

    ``print(model.summary())`` and, in a notebook or the REPL, plain ``model.summary()`` both
    show the table; ``str`` methods (``in``, ``splitlines``) work on it directly.

    Examples
    --------
    >>> import numpy as np
    >>> from estlab.linear_model import LinearRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]])
    >>> model = LinearRegression().fit(X, [1.1, 2.9, 5.2, 7.1, 8.8])
    >>> print(model.summary())
                               LinearRegression results
    =============================================================================
    No. Observations:                   5   Df Residuals:                       3
    Log-Likelihood:               2.89382   Scale (s^2):                0.0306667
    AIC:                         -1.78764   BIC:                         -2.56876
    Solver:                        normal   Cond. No.:                       3.15
    =============================================================================
                         coef    std err         t    P>|t|     [0.025     0.975]
    -----------------------------------------------------------------------------
    const              1.1000      0.136     8.109    0.004      0.668      1.532
    x1                 1.9600      0.055    35.393    0.000      1.784      2.136
    =============================================================================
    >>> isinstance(model.summary(), str)
    True
    """

    def __repr__(self):
        return str(self)


class InferenceMixin:
    """``conf_int`` and ``summary`` for estimators with ``params_``, ``stderr_`` and ``_df_resid``.

    A class sets ``_stat_name`` to ``"z"`` (asymptotic normal Wald inference) or ``"t"``
    (Student's t with ``df_resid_`` degrees of freedom).
    """

    _stat_name = "z"

    def _quantile(self, prob):
        """Quantile of the reference distribution: Student's t(n - k) or the standard normal."""
        if self._stat_name == "t":
            return special.stdtrit(self.df_resid_, prob)
        return special.ndtri(prob)

    def _two_sided_p(self, stat):
        """``P(|T| >= |stat|)`` under the reference distribution."""
        if self._stat_name == "t":
            return 2.0 * special.stdtr(self.df_resid_, -np.abs(stat))
        return 2.0 * special.ndtr(-np.abs(stat))

    def _wald(self):
        """``(statistic, p-value)`` arrays shaped like ``params_``; se = 0 gives +-inf, p = 0."""
        params, se = np.asarray(self.params_), np.asarray(self.stderr_)
        with np.errstate(divide="ignore", invalid="ignore"):
            stat = np.where(se > 0, params / np.where(se > 0, se, 1.0), np.sign(params) * np.inf)
        stat = np.where((se == 0) & (params == 0), 0.0, stat)
        pvalue = self._two_sided_p(stat)
        return stat, pvalue

    _profile = False  # offers conf_int(method="profile") (the GLMs with a 1-D params_)

    def conf_int(self, level=0.95, method=None):
        """Confidence intervals for ``params_``: Wald (``params_ +- q * stderr_``) or profile.

        Parameters
        ----------
        level : float, default=0.95
            Confidence level, strictly between 0 and 1.
        method : {None, "wald", "profile"}, default=None
            ``"wald"`` (the default) for every regression; ``"profile"``, the
            likelihood-ratio interval with the other coefficients profiled out (R's
            ``confint`` of a ``glm``), for :class:`LogisticRegression` and
            :class:`PoissonRegression`.

        Returns
        -------
        ndarray of shape ``params_.shape + (2,)``
            Lower and upper bounds in the last axis; row 0 is the intercept when
            ``fit_intercept=True``.

        Notes
        -----
        The quantile ``q`` is the standard normal's for the GLMs (``z``) and Student's ``t``
        with ``n - k`` degrees of freedom for :class:`LinearRegression`, as in statsmodels.
        The profile interval of :math:`\\beta_j` is :math:`\\{b : 2[\\log L(\\hat\\beta) -
        \\max_{\\beta_{-j}} \\log L(\\beta_{-j}, b)] \\le \\chi^2_{1,\\text{level}}\\}`
        (:mod:`estlab.linear_model._profile`); it refits the model with ``beta_j`` fixed a few
        dozen times per coefficient, on the training data kept by reference since ``fit``.
        """
        check_is_fitted(self, "params_")
        level = check_level(level)
        methods = ["wald"] + (["profile"] if self._profile else [])
        if method not in (None, *methods):
            raise ValueError(
                f"method must be one of {methods} (or None for 'wald') for "
                f"{type(self).__name__}.conf_int; got {method!r}."
            )
        if method == "profile":
            from estlab.linear_model._profile import profile_conf_int

            return profile_conf_int(self, level)
        q = float(self._quantile(0.5 + level / 2.0))
        params, se = np.asarray(self.params_), np.asarray(self.stderr_)
        return np.stack([params - q * se, params + q * se], axis=-1)

    def delta_method(self, g, level=0.95, grad=None):
        """Standard error and interval of a function ``g(params_)`` by the delta method.

        Parameters
        ----------
        g : callable
            ``g(theta) -> float`` or 1-D array, ``theta`` laid out like ``params_``
            (intercept first): a prediction ``theta[0] + x0 @ theta[1:]``, a rate ratio
            ``np.exp(theta[1])``, a ratio of coefficients.
        level : float, default=0.95
        grad : callable, optional
            ``grad(theta)``: the gradient (or Jacobian) of ``g``; central differences when
            omitted.

        Returns
        -------
        estlab.inference.DeltaResult

        Notes
        -----
        :math:`\\mathrm{se} = \\sqrt{\\nabla g^\\top \\hat V \\nabla g}` with
        :math:`\\hat V` = ``cov_``, the inverse of the Hessian of the negative
        log-likelihood. The quantile is Student's t for :class:`LinearRegression`.

        Examples
        --------
        >>> import numpy as np
        >>> from estlab.linear_model import PoissonRegression
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(200, 1))
        >>> model = PoissonRegression().fit(X, rng.poisson(np.exp(0.5 + 0.3 * X[:, 0])))
        >>> res = model.delta_method(lambda t: np.exp(t[1]))   # the rate ratio e^beta_1
        >>> round(res.estimate, 3), round(res.stderr, 3)
        (1.317, 0.074)
        """
        check_is_fitted(self, "params_")
        from estlab.inference import delta_method

        df = self.df_resid_ if self._stat_name == "t" else None
        return delta_method(g, np.ravel(self.params_), self.cov_, grad=grad, level=level,
                            df=df)

    def _param_names(self):
        names = list(getattr(self, "feature_names_in_", None) or
                     [f"x{j + 1}" for j in range(self.n_features_in_)])
        return (["const"] if self.fit_intercept else []) + names

    def _summary_header(self):
        """Model-specific ``(label, value)`` pairs shown above the coefficient table."""
        return []

    def summary(self, level=0.95):
        """A statsmodels-style table: coef, std err, z (or t), p-value and confidence interval.

        Parameters
        ----------
        level : float, default=0.95
            Level of the confidence interval columns.

        Returns
        -------
        Summary
            A ``str`` subclass holding the table; ``print(model.summary())`` shows it.
        """
        check_is_fitted(self, "params_")
        level = check_level(level)
        stat, pvalue = self._wald()
        ci = self.conf_int(level)
        params, se = np.asarray(self.params_), np.asarray(self.stderr_)
        names = self._param_names()
        if params.ndim == 2:  # softmax: one block of rows per non-reference class
            blocks = [(f"class = {self.classes_[k + 1]} vs {self.classes_[0]}", k)
                      for k in range(params.shape[1])]
        else:
            blocks = [(None, None)]
        lo, hi = (1.0 - level) / 2.0, 0.5 + level / 2.0
        p_head = f"P>|{self._stat_name}|"
        head = (f"{'':<14}{'coef':>11}{'std err':>11}{self._stat_name:>10}{p_head:>9}"
                f"{f'[{lo:.3g}':>11}{f'{hi:.3g}]':>11}")
        width = len(head)
        lines = [f"{type(self).__name__} results".center(width), "=" * width]
        pairs = list(self._summary_header())
        if getattr(self, "condition_number_", None) is not None:
            # statsmodels' "Cond. No.", but of the column-equilibrated design (condition_number_)
            pairs.append(("Cond. No.", f"{self.condition_number_:.3g}"))
        for i in range(0, len(pairs), 2):
            row = "".join(f"{label + ':':<20}{value:>17}   " for label, value in pairs[i:i + 2])
            lines.append(row.rstrip())
        lines += ["=" * width, head, "-" * width]
        for title, k in blocks:
            if title is not None:
                lines.append(title)
            for j, name in enumerate(names):
                idx = (j,) if k is None else (j, k)
                lines.append(
                    f"{name[:14]:<14}{_cell(params[idx], 11, 4)}{_cell(se[idx], 11, 3)}"
                    f"{_cell(stat[idx], 10, 3)}{pvalue[idx]:>9.3f}{_cell(ci[idx][0], 11, 3)}"
                    f"{_cell(ci[idx][1], 11, 3)}"
                )
        lines.append("=" * width)
        return Summary("\n".join(lines))
