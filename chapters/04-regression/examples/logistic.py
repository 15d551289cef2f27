# %% [markdown]
# # Logistic regression: maximum likelihood, inference, held-out error, and separation
#
# The Wisconsin breast cancer data (shipped with estlab): is a tumour malignant, given
# two features of its cell nuclei? Then separation, on small data made to show it.

# %%
# --8<-- [start:fit]
import textwrap
import warnings

import numpy as np
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split

from estlab.datasets import load_breast_cancer
from estlab.linear_model import LogisticRegression, SeparationWarning

cancer = load_breast_cancer()                 # 569 tumours (Street et al. 1993)
names = ["mean_radius", "mean_texture"]
X = cancer.data[:, [cancer.feature_names.index(name) for name in names]]
y = cancer.target                             # "benign" or "malignant"
# hold out 30%, with the same share of malignant tumours in both parts (stratify)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0)

model = LogisticRegression().fit(X_train, y_train)        # Newton/IRLS by default
print("classes:", model.classes_, "| positive class:", model.classes_[1])
print(model.summary())                        # x1: mean radius, x2: mean texture
print(f"odds ratio per unit of mean radius: exp({model.coef_[0]:.3f}) = "
      f"{np.exp(model.coef_[0]):.2f}")
# --8<-- [end:fit]

# %%
# --8<-- [start:heldout]
# accuracy, and log-loss: the mean negative log-likelihood, the loss the fit minimised
for part, Xp, yp in [("training", X_train, y_train), ("held-out", X_test, y_test)]:
    P = model.predict_proba(Xp)
    accuracy = accuracy_score(yp, model.predict(Xp))
    print(f"{part:>8} ({len(yp)} tumours): accuracy {accuracy:.3f}, "
          f"log-loss {log_loss(yp, P, labels=model.classes_):.4f}")
acc_train = accuracy_score(y_train, model.predict(X_train))
acc_test = accuracy_score(y_test, model.predict(X_test))
loss_train = log_loss(y_train, model.predict_proba(X_train), labels=model.classes_)
loss_test = log_loss(y_test, model.predict_proba(X_test), labels=model.classes_)
# One split of 171 tumours is itself a noisy estimate. Over 200 random splits, the
# training log-loss is optimistic on average by about k/n (k = 3 parameters): AIC's 2k.
gaps = []
for seed in range(200):
    Xa, Xb, ya, yb = train_test_split(X, y, test_size=0.3, stratify=y,
                                      random_state=seed)
    m = LogisticRegression().fit(Xa, ya)
    gaps.append(log_loss(yb, m.predict_proba(Xb), labels=m.classes_)
                - log_loss(ya, m.predict_proba(Xa), labels=m.classes_))
gaps = np.array(gaps)
print(f"held-out minus training log-loss over 200 splits: mean {gaps.mean():.4f} "
      f"(k/n = {3 / len(y_train):.4f});\n"
      f"held-out worse in {np.mean(gaps > 0):.0%} of them")
# deviance residuals: an observation's share of -2 log L; the largest are the surprises
dev = model.resid(X_train, y_train, kind="deviance")
worst = int(np.argmax(np.abs(dev)))
print(f"largest deviance residual {dev[worst]:.2f}: a {y_train[worst]} tumour given "
      f"P(malignant) = {model.predict_proba(X_train[[worst]])[0, 1]:.3f}")
# --8<-- [end:heldout]

# %%
# --8<-- [start:separation]
# Perfectly separated data: every x < 2 is 0, every x > 2 is 1. The likelihood keeps
# increasing as the slope grows, so the MLE does not exist. After the fit, estlab
# decides it exactly with a linear program (is there a direction along which no fitted
# probability gets worse?).
x_sep = np.array([[0.5], [1.0], [1.5], [2.5], [3.0], [3.5]])
y_sep = np.array([0, 0, 0, 1, 1, 1])


def fit_and_show(model, X, y):
    """Fit, print the SeparationWarning (if any) wrapped, return the model."""
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
      f"{sep.stderr_[1]:.3g}:\nnumbers from where Newton stopped, not estimates")

# Quasi-complete separation by a dummy: every treated patient responded, the untreated
# ones are mixed. Only the treated probabilities go to 1; the MLE still does not exist.
treated = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1], dtype=float)
age = np.array([30, 45, 50, 62, 38, 55, 41, 60, 35, 52], dtype=float)
responded = np.array([0, 1, 0, 1, 1, 0, 1, 1, 1, 1])
quasi = fit_and_show(LogisticRegression(), np.c_[age, treated], responded)
print("mle_exists_:", quasi.mle_exists_, "| kind:", quasi.separation_["kind"],
      "| names:", quasi.separation_["names"])

ridge = LogisticRegression(alpha=0.1).fit(x_sep, y_sep)
print(f"with an L2 penalty alpha = 0.1 the estimate exists: "
      f"slope {ridge.coef_[0]:.3f},\nmle_exists_ = {ridge.mle_exists_} "
      "(the penalised optimum is finite; no warning)")
# --8<-- [end:separation]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.5, 4.0))
for label, marker in [("benign", "o"), ("malignant", "^")]:
    mask = y_train == label
    ax.scatter(*X_train[mask].T, s=12, marker=marker, alpha=0.5, label=label)
g0, g1 = np.meshgrid(np.linspace(6, 29, 200), np.linspace(9, 40, 200))
prob = model.predict_proba(np.column_stack([g0.ravel(), g1.ravel()]))[:, 1]
lines = ax.contour(g0, g1, prob.reshape(g0.shape), levels=[0.1, 0.5, 0.9], colors="k",
                   linewidths=[0.8, 1.5, 0.8])
ax.clabel(lines, fmt=lambda p: f"P = {p:.1f}")
ax.set_xlabel("mean radius")
ax.set_ylabel("mean texture")
ax.legend(frameon=False, loc="upper right")
fig.tight_layout()
# --8<-- [end:figure]
