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
# Perfectly separated data: every x < 2 is 0, every x > 2 is 1. The likelihood keeps increasing
# as the slope grows, so the MLE does not exist. After the fit, estlab decides it exactly with a
# linear program (is there a direction along which no fitted probability gets worse?).
x_sep = np.array([[0.5], [1.0], [1.5], [2.5], [3.0], [3.5]])
y_sep = np.array([0, 0, 0, 1, 1, 1])


def fit_and_show(model, X, y):
    """Fit, print the SeparationWarning (if any) wrapped to the page, return the model."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, y)
    for w in caught:
        if issubclass(w.category, SeparationWarning):
            print(textwrap.fill(f"SeparationWarning: {w.message}", width=88,
                                subsequent_indent="  "))
    return model


sep = fit_and_show(LogisticRegression(), x_sep, y_sep)
print("mle_exists_:", sep.mle_exists_, "| kind:", sep.separation_["kind"],
      "| direction (intercept, slope):", sep.separation_["direction"].round(3))
print(f"slope after {sep.n_iter_} Newton steps: {sep.coef_[0]:.1f}, standard error "
      f"{sep.stderr_[1]:.3g}: numbers from where Newton stopped, not estimates")

# Quasi-complete separation by a dummy: every treated patient responded, the untreated ones
# are mixed. Only the treated probabilities go to 1; the MLE still does not exist.
treated = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1], dtype=float)
age = np.array([30, 45, 50, 62, 38, 55, 41, 60, 35, 52], dtype=float)
responded = np.array([0, 1, 0, 1, 1, 0, 1, 1, 1, 1])
quasi = fit_and_show(LogisticRegression(), np.c_[age, treated], responded)
print("mle_exists_:", quasi.mle_exists_, "| kind:", quasi.separation_["kind"],
      "| names:", quasi.separation_["names"])

ridge = LogisticRegression(alpha=0.1).fit(x_sep, y_sep)
print(f"with an L2 penalty alpha = 0.1 the estimate exists: slope {ridge.coef_[0]:.3f}, "
      f"mle_exists_ = {ridge.mle_exists_} (the penalised optimum is finite; no warning)")
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
