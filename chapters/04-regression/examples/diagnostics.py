# %% [markdown]
# # Residual diagnostics and held-out error for least squares
#
# Fisher's iris data (shipped with estlab): petal width against petal length. The fit is
# evaluated on flowers it has not seen, and its residuals are checked against the
# model's assumptions (a straight line, constant variance, normal errors).

# %%
# --8<-- [start:fit]
import numpy as np
from sklearn.model_selection import train_test_split

from estlab.datasets import load_iris
from estlab.linear_model import LinearRegression

iris = load_iris()
X, y = iris.data[:, [2]], iris.data[:, 3]            # petal length -> petal width (cm)
# hold out 30% of the flowers, the same share of each species (stratify), seeded
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=iris.target, random_state=0)

ols = LinearRegression().fit(X_train, y_train)
print(f"petal width = {ols.intercept_:.3f} + {ols.coef_[0]:.3f} * petal length")


def rmse(model, X, y):
    """Root mean squared error of the predictions, in the units of y (cm)."""
    return np.sqrt(np.mean((y - model.predict(X)) ** 2))


rmse_train, rmse_test = rmse(ols, X_train, y_train), rmse(ols, X_test, y_test)
print(f"RMSE on the {len(y_train)} training flowers: {rmse_train:.4f} cm")
print(f"RMSE on the {len(y_test)} held-out flowers:  {rmse_test:.4f} cm")
# --8<-- [end:fit]

# %%
# --8<-- [start:influence]
inf = ols.influence(X_train, y_train)     # the diagnostics of the fit: its own data
print(f"leverage h_i: mean {inf.leverage.mean():.4f} (= k/n = 2/{len(y_train)}), "
      f"largest {inf.leverage.max():.4f}")
print(f"largest |externally studentised residual|: "
      f"{np.abs(inf.resid_studentized_external).max():.2f}")
n_flagged = int(np.sum(inf.cooks_distance > 4 / len(y_train)))
print(f"Cook's distance: largest {inf.cooks_distance.max():.3f}; "
      f"{n_flagged} flowers above the rule of thumb 4/n = {4 / len(y_train):.3f}")
small = inf.fitted < np.median(inf.fitted)
r = ols.resid(X_train, y_train, kind="response")
spread_small, spread_large = r[small].std(), r[~small].std()
print(f"residual SD below the median fitted value: {spread_small:.3f} cm, "
      f"above it: {spread_large:.3f} cm")
# --8<-- [end:influence]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt
from scipy import stats

fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(8.6, 3.4))
ax1.scatter(inf.fitted, r, s=10, alpha=0.6)
ax1.axhline(0, color="k", lw=0.8)
ax1.set_xlabel("fitted width (cm)")
ax1.set_ylabel("residual (cm)")
ax1.set_title("(a) residuals vs fitted")
# normal Q-Q plot: sorted studentised residuals against normal quantiles
t = np.sort(inf.resid_studentized)
q = stats.norm.ppf((np.arange(1, t.size + 1) - 0.5) / t.size)
ax2.scatter(q, t, s=10, alpha=0.6)
ax2.plot([-3, 3], [-3, 3], "k-", lw=0.8)
ax2.set_xlabel("normal quantile")
ax2.set_ylabel("studentised resid.")
ax2.set_title("(b) normal Q-Q plot")
# marker area grows with Cook's distance
ax3.scatter(inf.leverage, inf.resid_studentized, s=10 + 400 * inf.cooks_distance,
            alpha=0.6)
ax3.set_xlabel("leverage $h_i$")
ax3.set_ylabel("studentised resid.")
ax3.set_title("(c) residuals vs leverage")
fig.tight_layout()
# --8<-- [end:figure]
