# %% [markdown]
# # Newton's method for the Gamma and Weibull shape parameters
#
# Neither MLE has a closed form. For the Gamma distribution the scale can be profiled out, leaving
# one equation in the shape k: log k - digamma(k) = log(mean x) - mean(log x).

# %%
# --8<-- [start:by-hand]
import numpy as np
from scipy import special, stats

rng = np.random.default_rng(12)
x = rng.gamma(shape=2.5, scale=1.5, size=400)

s = np.log(x.mean()) - np.log(x).mean()         # > 0 by Jensen's inequality
k = (3 - s + np.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s)   # Minka's starting value
print(f"start: k = {k:.10f}")
for iteration in range(1, 10):
    g = np.log(k) - special.digamma(k) - s      # the score equation g(k) = 0
    dg = 1 / k - special.polygamma(1, k)        # its derivative
    k = k - g / dg                              # Newton step
    print(f"iteration {iteration}: k = {k:.12f}   (|g| before the step: {abs(g):.1e})")
    if abs(g) < 1e-12:
        break
print(f"scale = mean / k = {x.mean() / k:.6f}")
# --8<-- [end:by-hand]

# %%
# --8<-- [start:estlab]
from estlab.distributions import Gamma, Weibull

gamma = Gamma().fit(x)
print(f"estlab Gamma:   shape {gamma.shape_:.8f}, scale {gamma.scale_:.8f} "
      f"in {gamma.n_iter_} Newton iterations (converged: {gamma.converged_})")
a, loc, scale = stats.gamma.fit(x, floc=0)
print(f"scipy.stats:    shape {a:.8f}, scale {scale:.8f}")

y = rng.weibull(1.8, size=400) * 3.0
weibull = Weibull().fit(y)
c, loc, scale = stats.weibull_min.fit(y, floc=0)
print(f"estlab Weibull: {dict((k, round(v, 6)) for k, v in weibull.params_.items())} "
      f"in {weibull.n_iter_} iterations")
print(f"scipy.stats:    shape {c:.6f}, scale {scale:.6f}")
print(f"log-likelihood at estlab's fit {weibull.loglik_:.6f}, at scipy's "
      f"{stats.weibull_min.logpdf(y, c, 0, scale).sum():.6f}")
# --8<-- [end:estlab]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

history = gamma.history_["loglik"]
gap = history.max() - history
# Below a few units in the last place of log L the gap is rounding noise (it can even be
# 0), which a log scale cannot show: plot the gap until it falls below that level, and
# the level itself.
rounding = 8 * np.finfo(float).eps * abs(history.max())
# first iterate at rounding level
reached = int(np.argmax(gap < rounding))
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.semilogy(np.arange(reached), gap[:reached], "o-", label="gap")
ax.semilogy(np.arange(reached, gap.size), np.full(gap.size - reached, rounding), "v",
            color="C0", mfc="none", label="below rounding level")
ax.axhline(rounding, color="grey", ls="--", lw=1, label="rounding level of log L")
ax.set_xlim(-0.3, gap.size - 0.7)
ax.xaxis.set_major_locator(MaxNLocator(integer=True))     # iterations are whole numbers
ax.set_xlabel("Newton iteration (0 = Minka's start)")
ax.set_ylabel(r"$\log L(\hat\theta) - \log L(\theta_t)$")
ax.set_title("Gamma fit: the log-likelihood gap reaches rounding level at "
             f"iteration {reached}", fontsize=10)
ax.legend(fontsize=8)
fig.tight_layout()
# --8<-- [end:figure]
