# %% [markdown]
# # Softmax regression for K classes and Poisson regression for counts
#
# Two real data sets shipped with estlab: Fisher's iris (three species) and the doctor
# visits of the RAND Health Insurance Experiment (counts).

# %%
# --8<-- [start:softmax]
import textwrap
import warnings

import numpy as np
from sklearn.metrics import accuracy_score, log_loss, mean_poisson_deviance
from sklearn.model_selection import train_test_split

from estlab.datasets import load_doctor_visits, load_iris
from estlab.linear_model import PoissonRegression, SeparationWarning, SoftmaxRegression

iris = load_iris()
petals, species = iris.data[:, 2:], iris.target   # petal length and width (cm)
P_train, P_test, s_train, s_test = train_test_split(
    petals, species, test_size=0.3, stratify=species, random_state=0)

# Unpenalised, the MLE does not exist: setosa's petals are smaller than all the others'.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", SeparationWarning)
    mle = SoftmaxRegression().fit(P_train, s_train)
print("mle_exists_:", mle.mle_exists_)
print(textwrap.fill(f"SeparationWarning: {caught[0].message}", width=88,
                    subsequent_indent="  ", max_lines=2, placeholder=" [...]"))

soft = SoftmaxRegression(alpha=0.01).fit(P_train, s_train)   # a small L2 penalty
print("classes:", soft.classes_, "(the first is the reference: coefficients 0)")
print("coefficients, one row per non-reference class:\n", np.round(soft.coef_, 3))
for part, Pp, sp in [("training", P_train, s_train), ("held-out", P_test, s_test)]:
    print(f"{part:>8} ({len(sp)} flowers): accuracy "
          f"{accuracy_score(sp, soft.predict(Pp)):.3f}, log-loss "
          f"{log_loss(sp, soft.predict_proba(Pp), labels=soft.classes_):.4f}")
soft_acc_test = accuracy_score(s_test, soft.predict(P_test))
print("P(species | petal 5.0 x 1.6 cm):",
      np.round(soft.predict_proba([[5.0, 1.6]])[0], 3))
# --8<-- [end:softmax]

# %%
# --8<-- [start:poisson]
visits = load_doctor_visits()                    # RAND HIE: 20,190 person-years
X, y = visits.data, visits.target                # y: visits to a doctor in the year
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)

pois = PoissonRegression().fit(X_train, y_train)
print("x1..x9 =", ", ".join(visits.feature_names))
print(pois.summary())
# lncoins = log(coinsurance + 1): from free care (0%) to paying 95% of the bill
ratio = np.exp(pois.coef_[0] * np.log(96))
print(f"visits at 95% coinsurance vs free care: rate ratio {ratio:.2f}")
# --8<-- [end:poisson]

# %%
# --8<-- [start:poisson_check]
dev_train = mean_poisson_deviance(y_train, pois.predict(X_train))
dev_test = mean_poisson_deviance(y_test, pois.predict(X_test))
print(f"mean Poisson deviance: training {dev_train:.4f}, held-out {dev_test:.4f}")
# Pearson residuals (y - mu) / sqrt(mu) have variance about 1 under a Poisson model
pearson = pois.resid(X_train, y_train, kind="pearson")
dispersion = np.sum(pearson**2) / (len(y_train) - pois.params_.size)
print(f"Pearson chi2 / df = {dispersion:.2f} (Poisson: 1): the standard errors are "
      f"too small\nby a factor of about {np.sqrt(dispersion):.1f}")
# --8<-- [end:poisson_check]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.5, 4.2))
g0, g1 = np.meshgrid(np.linspace(0.5, 7.5, 300), np.linspace(-0.2, 2.9, 300))
regions = soft.predict(np.column_stack([g0.ravel(), g1.ravel()]))
codes = np.searchsorted(soft.classes_, regions).reshape(g0.shape)
ax.contourf(g0, g1, codes, levels=[-0.5, 0.5, 1.5, 2.5], colors=["C0", "C1", "C2"],
            alpha=0.2)
for k, name in enumerate(soft.classes_):
    ax.scatter(*P_train[s_train == name].T, s=12, color=f"C{k}", label=name)
    ax.scatter(*P_test[s_test == name].T, s=22, color=f"C{k}", marker="x")
ax.set_xlabel("petal length (cm)")
ax.set_ylabel("petal width (cm)")
ax.legend(frameon=False, loc="upper left", title="x: held out")
fig.tight_layout()
# --8<-- [end:figure]
