# %% [markdown]
# # Consistency: the estimate closes in on the truth as n grows
#
# The maximum of a Uniform(0, theta) sample estimates theta. It is biased (it can never exceed theta)
# but consistent: its error shrinks to zero as the sample grows, here like 1/n, faster than the
# 1/sqrt(n) of the sample mean.

# %%
# --8<-- [start:simulate]
import numpy as np

rng = np.random.default_rng(1)
theta = 3.0                                  # Uniform(0, theta): the unknown upper end
sizes = np.array([5, 10, 20, 50, 100, 200, 500, 1000])
n_reps = 2_000

rows = []
for n in sizes:
    x = rng.uniform(0.0, theta, size=(n_reps, n))
    t_max = x.max(axis=1)                    # the MLE: biased low
    t_corrected = (n + 1) / n * t_max        # unbiased: E[max] = n/(n+1) theta
    t_moments = 2 * x.mean(axis=1)           # method of moments: E[X] = theta/2
    rows.append([np.sqrt(np.mean((t - theta) ** 2))
                 for t in (t_max, t_corrected, t_moments)])
rmse = np.array(rows)

print(f"{'n':>6}{'max':>10}{'(n+1)/n max':>14}{'2 * mean':>11}"
      "   (root mean squared error)")
for n, (a, b, c) in zip(sizes, rmse):
    print(f"{n:>6}{a:>10.4f}{b:>14.4f}{c:>11.4f}")
# --8<-- [end:simulate]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.5, 3.6))
for column, label in enumerate([r"$\max_i x_i$ (MLE)", r"$\frac{n+1}{n}\max_i x_i$",
                                r"$2\bar x$ (moments)"]):
    ax.loglog(sizes, rmse[:, column], "o-", label=label)
ax.loglog(sizes, theta / sizes, "k:", lw=1, label=r"slope $-1$: $\propto 1/n$")
ax.loglog(sizes, theta / np.sqrt(3 * sizes), "k--", lw=1,
          label=r"slope $-1/2$: $\propto 1/\sqrt{n}$")
ax.set_xlabel("sample size $n$")
ax.set_ylabel("root mean squared error")
ax.legend(frameon=False, fontsize=8)
fig.tight_layout()
# --8<-- [end:figure]
