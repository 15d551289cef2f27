# %% [markdown]
# # estlab estimators inside scikit-learn pipelines
#
# estlab follows scikit-learn's estimator contract (get_params/set_params, fit returns self,
# fitted attributes end in "_"), so scikit-learn's tools work on it unchanged.

# %%
# --8<-- [start:pipeline]
import numpy as np
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from estlab.linear_model import LogisticRegression

rng = np.random.default_rng(10)
n = 400
X = rng.normal(size=(n, 5)) * [1, 10, 100, 1, 1]          # wildly different scales
eta = 0.5 + X @ np.array([1.0, -0.1, 0.01, 0.0, 0.0])
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)

pipe = make_pipeline(StandardScaler(), LogisticRegression(solver="gd", learning_rate=0.5))
scores = cross_val_score(pipe, X, y, cv=5)
print("5-fold accuracy:", np.round(scores, 3), "mean", round(scores.mean(), 3))
# --8<-- [end:pipeline]

# %%
# --8<-- [start:grid]
grid = GridSearchCV(pipe, {"logisticregression__alpha": [0.0, 0.01, 0.1, 1.0]}, cv=5)
grid.fit(X, y)
print("best alpha:", grid.best_params_["logisticregression__alpha"],
      "| cross-validated accuracy:", round(grid.best_score_, 3))
print(grid.best_estimator_)
# --8<-- [end:grid]
