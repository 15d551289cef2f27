# %% [markdown]
# # Fisher information, standard errors, intervals and their coverage

# %%
# --8<-- [start:stderr]
import numpy as np

from estlab.distributions import Gamma, Poisson

rng = np.random.default_rng(13)
x = rng.gamma(shape=2.0, scale=3.0, size=200)
g = Gamma().fit(x)
# information of the whole sample, I_n(theta_hat)
info = g.fisher_information()
print("Fisher information I_n:\n", np.round(info, 2))
print("sqrt of the diagonal of its inverse:",
      np.round(np.sqrt(np.diag(np.linalg.inv(info))), 4))
print("stderr_:", {k: round(v, 4) for k, v in g.stderr_.items()})
print("95% Wald intervals:", {k: np.round(v, 3) for k, v in g.conf_int(0.95).items()})
# --8<-- [end:stderr]

# %%
# --8<-- [start:coverage]
# How often does a 95% interval for a Poisson rate cover the truth? Both intervals have
# closed forms, so all 20,000 samples per n are handled at once:
#   Wald:  lam_hat +- z sqrt(lam_hat / n)
#   score: the lam with (lam_hat - lam)^2 <= z^2 lam / n, a quadratic in lam
from scipy import stats

z = stats.norm.ppf(0.975)
lam, n_rep = 2.0, 20_000
sizes = np.array([5, 10, 20, 50, 100, 200])
wald, score = [], []
for n in sizes:
    lam_hat = rng.poisson(lam, size=(n_rep, n)).mean(axis=1)
    half = z * np.sqrt(lam_hat / n)
    wald.append(np.mean((lam_hat - half <= lam) & (lam <= lam_hat + half)))
    centre = lam_hat + z**2 / (2 * n)
    half = z * np.sqrt(lam_hat / n + z**2 / (4 * n**2))
    score.append(np.mean((centre - half <= lam) & (lam <= centre + half)))

# The same formulas as estlab's conf_int, on one sample:
sample = rng.poisson(lam, size=10)
fit = Poisson().fit(sample)
print("estlab, one sample of 10:", {m: np.round(fit.conf_int(0.95, method=m)["lam"], 4)
                                   for m in ("wald", "score")})
print(f"{'n':>5}{'Wald':>8}{'score':>8}   (coverage over {n_rep:,} samples)")
for n, w, c in zip(sizes, wald, score):
    print(f"{n:>5}{w:>8.3f}{c:>8.3f}")
# --8<-- [end:coverage]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3.3))
ax.plot(sizes, wald, "o-", label="Wald")
ax.plot(sizes, score, "s-", label="score (estlab's default)")
ax.axhline(0.95, color="k", lw=1, ls=":")
ax.set_xscale("log")
ax.set_xlabel("sample size $n$")
ax.set_ylabel("coverage of the 95% interval")
ax.legend(frameon=False)
fig.tight_layout()
# --8<-- [end:figure]
