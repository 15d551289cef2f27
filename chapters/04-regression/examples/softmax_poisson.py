# %% [markdown]
# # Softmax regression for K classes and Poisson regression for counts

# %%
# --8<-- [start:softmax]
import numpy as np

from estlab.linear_model import PoissonRegression, SoftmaxRegression

rng = np.random.default_rng(9)
centres = np.array([[0.0, 0.0], [3.0, 1.0], [1.0, 3.0]])
labels = rng.integers(0, 3, size=450)
X = centres[labels] + rng.normal(size=(450, 2))
names = np.array(["setosa", "versicolor", "virginica"])[labels]

soft = SoftmaxRegression().fit(X, names)
print("classes:", soft.classes_, "(the first is the reference: its coefficients are 0)")
print("coefficients, one row per non-reference class:\n", np.round(soft.coef_, 3))
print("accuracy on the training data:", np.mean(soft.predict(X) == names))
print("P(class | x = (1.5, 1.5)):", np.round(soft.predict_proba([[1.5, 1.5]])[0], 3))
# --8<-- [end:softmax]

# %%
# --8<-- [start:poisson]
# Counts: calls per hour at a help desk, by staff on duty and whether it is a weekend.
n = 400
staff = rng.integers(1, 6, n).astype(float)
weekend = rng.integers(0, 2, n).astype(float)
rate = np.exp(0.5 + 0.3 * staff - 0.7 * weekend)
calls = rng.poisson(rate)

pois = PoissonRegression().fit(np.column_stack([staff, weekend]), calls)
print(pois.summary())
print("rate ratios exp(coef):", np.round(np.exp(pois.coef_), 3), "(true: 1.350, 0.497)")
# --8<-- [end:poisson]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(5.5, 4.2))
g0, g1 = np.meshgrid(np.linspace(-3, 6, 200), np.linspace(-3, 6, 200))
regions = soft.predict(np.column_stack([g0.ravel(), g1.ravel()]))
codes = np.searchsorted(soft.classes_, regions).reshape(g0.shape)
ax.contourf(g0, g1, codes, levels=[-0.5, 0.5, 1.5, 2.5], colors=["C0", "C1", "C2"], alpha=0.2)
for k, name in enumerate(soft.classes_):
    ax.scatter(*X[names == name].T, s=8, color=f"C{k}", label=name)
ax.set_xlabel("$x_1$")
ax.set_ylabel("$x_2$")
ax.legend(frameon=False, loc="upper right")
fig.tight_layout()
# --8<-- [end:figure]
