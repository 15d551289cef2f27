# %% [markdown]
# # Outside the regularity conditions: the Uniform maximum's limit is not normal

# %%
# --8<-- [start:limit]
import numpy as np
from scipy import stats

rng = np.random.default_rng(5)
theta, n, n_reps = 3.0, 200, 20_000
t_max = rng.uniform(0.0, theta, size=(n_reps, n)).max(axis=1)   # the MLE, per sample
u = n * (theta - t_max) / theta                                  # its scaled error
print(f"mean of n (theta - max) / theta: {u.mean():.3f}   (Exponential(1): 1)")
print(f"share of errors below 0: {np.mean(u < 0):.3f}   (a normal limit: 0.5)")
for q in (0.5, 0.9, 0.99):
    print(f"quantile {q}: {np.quantile(u, q):.3f}   "
          f"Exponential(1): {stats.expon.ppf(q):.3f}")
ks = stats.kstest(u, "expon")
ks_normal = stats.kstest(u, "norm", args=(u.mean(), u.std()))
print(f"Kolmogorov-Smirnov distance to Exponential(1): {ks.statistic:.4f}; "
      f"to the closest normal: {ks_normal.statistic:.4f}")
# --8<-- [end:limit]
