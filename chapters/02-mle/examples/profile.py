# %% [markdown]
# # Likelihood-ratio and profile-likelihood intervals

# %%
# --8<-- [start:boundary]
import numpy as np
from scipy import stats

from estlab.distributions import Bernoulli, Normal

none = Bernoulli().fit([0] * 10)                    # ten trials, no success
for method in ("wald", "wilson", "profile"):
    print(f"{method:>8}: {np.round(none.conf_int(0.95, method=method)['p'], 4)}")
c = stats.chi2.ppf(0.95, 1)                         # the cut-off, 3.841
print("by hand: -2 n log(1 - p) = c  =>  p = 1 - exp(-c / (2 n)) =",
      round(1 - np.exp(-c / 20), 4))
# --8<-- [end:boundary]

# %%
# --8<-- [start:normal]
rng = np.random.default_rng(3)
x = rng.normal(10.0, 2.0, size=10)
d = Normal().fit(x)
wald, prof = d.conf_int(method="wald"), d.conf_int(method="profile")
exact = d.conf_int(method="exact")                   # chi-square: exact for normal data
for name in ("mu", "sigma"):
    print(f"{name:>5}: MLE {d.params_[name]:.3f}  Wald {np.round(wald[name], 3)}  "
          f"profile {np.round(prof[name], 3)}  exact {np.round(exact[name], 3)}")
# --8<-- [end:normal]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

one = Bernoulli().fit([1] + [0] * 14)               # one success in fifteen
panels = [(d, "sigma", r"$\sigma$", (1.5, 6.5), (1.5, 6.5)),
          (one, "p", r"$p$", (1e-4, 0.35), (-0.08, 0.35))]  # p < 0: only Wald
fig, axes = plt.subplots(1, 2, figsize=(9, 4.2))
for ax, (fit, name, label, span, wald_span) in zip(axes, panels):
    est, se = fit.params_[name], fit.stderr_[name]
    grid, wald_grid = np.linspace(*span, 300), np.linspace(*wald_span, 300)
    rel = fit.profile_loglik(name, grid) - fit.loglik_  # log L_p - log L(theta_hat)
    ax.plot(grid, rel, lw=2, label="profile log-likelihood")
    parabola = -0.5 * ((wald_grid - est) / se) ** 2
    ax.plot(wald_grid, parabola, "--", label="Wald's parabola")
    ax.axhline(-c / 2, color="k", lw=1, ls=":", label=r"cut-off $-\chi^2_{1,0.95}/2$")
    for (lo, hi), style in ((fit.conf_int(method="profile")[name], "-"),
                            (fit.conf_int(method="wald")[name], "--")):
        ax.vlines([lo, hi], -4.5, -c / 2, colors="0.4", lw=1, linestyles=style)
    ax.set_ylim(-4.5, 0.3)
    ax.set_xlabel(label)
axes[0].set_ylabel(r"$\log L_p - \log L(\hat\theta)$")
axes[0].set_title(f"Normal, n = {d.n_}")
axes[1].set_title(f"Bernoulli, 1 success in {one.n_}")
handles, labels = axes[0].get_legend_handles_labels()
fig.legend(handles, labels, loc="lower center", ncol=3, frameon=False)
fig.tight_layout(rect=(0, 0.1, 1, 1))
# --8<-- [end:figure]

# %%
# --8<-- [start:coverage]
# Coverage of the 95% intervals for p, n = 15: a Bernoulli sample enters the likelihood
# only through its number of successes s (sufficiency), so the coverage is exact: the
# sum of P(S = s) over the s whose interval covers p. No simulation needed.
n, p_true = 15, 0.05
weights = stats.binom.pmf(np.arange(n + 1), n, p_true)
coverage = {}
for method in ("wald", "wilson", "profile"):
    covers = []
    for s in range(n + 1):
        lo, hi = Bernoulli().fit([1] * s + [0] * (n - s)).conf_int(method=method)["p"]
        covers.append(lo <= p_true <= hi)
    coverage[method] = float(weights @ np.array(covers))
print(f"Bernoulli, n = {n}, p = {p_true}:",
      {m: round(v, 3) for m, v in coverage.items()})

# The normal sigma, n = 10: simulated over 2,000 seeded samples.
hits = {"wald": 0, "profile": 0}
samples = Normal.from_params(mu=10.0, sigma=2.0).sample((2_000, 10), random_state=11)
for sample in samples:
    fit = Normal().fit(sample)
    for method in hits:
        lo, hi = fit.conf_int(method=method)["sigma"]
        hits[method] += lo <= 2.0 <= hi
sigma_cov = {m: h / len(samples) for m, h in hits.items()}
print("Normal sigma, n = 10:", sigma_cov)
# --8<-- [end:coverage]
