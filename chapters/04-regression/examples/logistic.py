# %% [markdown]
# # Logistic regression: maximum likelihood, inference, and separation

# %%
# --8<-- [start:fit]
import textwrap
import warnings

import numpy as np

from estlab.linear_model import LogisticRegression, SeparationWarning

rng = np.random.default_rng(8)
n = 300
dose = rng.uniform(0, 4, n)                                       # one feature: a dose
p = 1 / (1 + np.exp(-(-3.0 + 1.5 * dose)))
survived = np.where(rng.uniform(size=n) < p, "responded", "no response")

model = LogisticRegression().fit(dose[:, None], survived)       # Newton/IRLS by default
print("classes:", model.classes_, "| positive class:", model.classes_[1])
print(model.summary())
print(f"odds ratio per unit of dose: exp({model.coef_[0]:.3f}) = {np.exp(model.coef_[0]):.2f}")
# --8<-- [end:fit]

# %%
# --8<-- [start:separation]
# Perfectly separated data: every x < 2 is 0, every x > 2 is 1. The likelihood keeps
# increasing as the slope grows, so the MLE does not exist and estlab says so.
x_sep = np.array([[0.5], [1.0], [1.5], [2.5], [3.0], [3.5]])
y_sep = np.array([0, 0, 0, 1, 1, 1])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    sep = LogisticRegression().fit(x_sep, y_sep)
for w in caught:
    if issubclass(w.category, SeparationWarning):
        print(textwrap.fill(f"SeparationWarning: {w.message}", width=88, subsequent_indent="  "))
print(f"slope after {sep.n_iter_} Newton steps: {sep.coef_[0]:.1f}"
      " (it only stops growing at the tolerance)")
ridge = LogisticRegression(alpha=0.1).fit(x_sep, y_sep)
print(f"with an L2 penalty alpha = 0.1 the estimate exists: slope {ridge.coef_[0]:.3f}")
# --8<-- [end:separation]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.5, 3.3))
jitter = rng.uniform(-0.03, 0.03, n)
ax.scatter(dose, (survived == "responded") + jitter, s=8, alpha=0.4, label="data (jittered)")
grid = np.linspace(0, 4, 200)[:, None]
ax.plot(grid, model.predict_proba(grid)[:, 1], "k-", label=r"$\hat P(\mathrm{responded} \mid x)$")
ax.plot(grid, 1 / (1 + np.exp(-(-3.0 + 1.5 * grid))), "C1--", label="true probability")
ax.set_xlabel("dose $x$")
ax.set_ylabel("probability")
ax.legend(frameon=False, loc="center right")
fig.tight_layout()
# --8<-- [end:figure]
