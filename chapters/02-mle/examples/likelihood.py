# %% [markdown]
# # Likelihood and log-likelihood of a Poisson sample
#
# The likelihood is the probability of the observed data, read as a function of the parameter.

# %%
# --8<-- [start:curve]
import numpy as np
from scipy import stats

x = np.array([2, 4, 3, 0, 5, 3, 2, 4, 1, 3])          # calls per hour, ten hours
lam_grid = np.linspace(0.5, 7, 300)

# L(lam) = prod_i lam^x_i e^-lam / x_i!   and   log L(lam) = sum_i x_i log(lam) - lam -
# log(x_i!)
likelihood = np.array([np.prod(stats.poisson.pmf(x, lam)) for lam in lam_grid])
loglik = np.array([np.sum(stats.poisson.logpmf(x, lam)) for lam in lam_grid])

lam_hat = lam_grid[np.argmax(loglik)]
print(f"grid maximiser of the log-likelihood: {lam_hat:.3f}; "
      f"sample mean: {x.mean():.3f}")
print(f"the likelihood at its maximum is tiny ({likelihood.max():.2e}); "
      f"its logarithm is not ({loglik.max():.3f})")
# --8<-- [end:curve]

# %%
# --8<-- [start:estlab]
from estlab.distributions import Poisson

fit = Poisson().fit(x)
print(f"Poisson().fit(x): lam_ = {fit.lam_}, loglik_ = {fit.loglik_:.3f}, "
      f"n_ = {fit.n_}")
# --8<-- [end:estlab]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.5, 3.2))
ax1.plot(lam_grid, likelihood)
ax1.set_xlabel(r"$\lambda$")
ax1.set_ylabel(r"$L(\lambda)$")
ax1.set_title("(a) likelihood")
ax2.plot(lam_grid, loglik)
ax2.set_ylim(loglik.max() - 15, loglik.max() + 1)
for ax in (ax1, ax2):
    ax.axvline(x.mean(), color="k", ls=":", lw=1)
ax2.set_xlabel(r"$\lambda$")
ax2.set_ylabel(r"$\log L(\lambda)$")
ax2.set_title("(b) log-likelihood")
fig.tight_layout()
# --8<-- [end:figure]
