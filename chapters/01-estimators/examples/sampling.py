# %% [markdown]
# # The sampling distribution of an estimator
#
# Draw many samples from a population whose parameters we know, apply two estimators of the variance
# to each sample, and look at the spread of their answers: bias, variance and mean squared error.

# %%
# --8<-- [start:simulate]
import numpy as np

rng = np.random.default_rng(0)
# the population: N(mu, sigma^2), so the true variance is 4
mu, sigma = 5.0, 2.0
n, n_reps = 10, 20_000        # sample size, and how many samples we draw

# One row per sample: n_reps independent samples of size n.
x = rng.normal(mu, sigma, size=(n_reps, n))

# Two estimators of sigma^2, applied to every row at once.
# divide by n     (the maximum-likelihood estimator)
s2_mle = x.var(axis=1, ddof=0)
s2_unbiased = x.var(axis=1, ddof=1)   # divide by n - 1 (the "sample variance")
# --8<-- [end:simulate]

# %%
# --8<-- [start:summary]
def summarize(estimates, truth):
    """Bias, variance and MSE of an estimator, from its simulated sampling
    distribution."""
    bias = estimates.mean() - truth
    variance = estimates.var()
    mse = np.mean((estimates - truth) ** 2)
    return bias, variance, mse


print(f"{'estimator':<16}{'bias':>9}{'variance':>10}{'MSE':>9}{'bias^2+var':>12}")
for name, est in [("divide by n", s2_mle), ("divide by n-1", s2_unbiased)]:
    bias, variance, mse = summarize(est, sigma**2)
    print(f"{name:<16}{bias:>9.3f}{variance:>10.3f}{mse:>9.3f}"
          f"{bias**2 + variance:>12.3f}")

# Theory for normal data: E[s2_mle] = (n-1)/n sigma^2, Var[s2_unbiased] = 2 sigma^4 /
# (n-1).
print(f"theory: bias of 'divide by n' = {-sigma**2 / n:.3f}, "
      f"variance of 'divide by n-1' = {2 * sigma**4 / (n - 1):.3f}")
# --8<-- [end:summary]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(7, 3.4))
bins = np.linspace(0, 14, 71)
ax.hist(s2_mle, bins=bins, alpha=0.55, density=True, label=r"divide by $n$ (MLE)")
ax.hist(s2_unbiased, bins=bins, alpha=0.55, density=True, label=r"divide by $n-1$")
ax.axvline(sigma**2, color="black", lw=1.5, label=r"true $\sigma^2 = 4$")
ax.axvline(s2_mle.mean(), color="C0", ls="--", lw=1.2)
ax.axvline(s2_unbiased.mean(), color="C1", ls="--", lw=1.2)
ax.set_xlabel(r"estimate of $\sigma^2$ from one sample of $n = 10$")
ax.set_ylabel("density")
ax.legend(frameon=False)
fig.tight_layout()
# --8<-- [end:figure]
