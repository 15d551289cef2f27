# %% [markdown]
# # estlab estimators inside scikit-learn pipelines
#
# estlab follows scikit-learn's estimator contract (get_params/set_params, fit returns self,
# fitted attributes end in "_"), so scikit-learn's tools work on it unchanged. The data: five
# features of the Wisconsin breast cancer tumours, on scales that differ by a factor of 25,000.

# %%
# --8<-- [start:pipeline]
import textwrap

import numpy as np
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from estlab import ConvergenceError
from estlab.datasets import load_breast_cancer
from estlab.linear_model import LogisticRegression

cancer = load_breast_cancer()
names = ["mean_texture", "mean_area", "mean_smoothness", "mean_concave_points",
         "mean_symmetry"]
X = cancer.data[:, [cancer.feature_names.index(name) for name in names]]
y = cancer.target                             # "benign" or "malignant"
for name, sd in zip(names, X.std(axis=0)):
    print(f"{name:<20} standard deviation {sd:9.4f}")

gd = LogisticRegression(solver="gd", learning_rate=1.0)
try:
    gd.fit(X, y)                              # the raw features: no stable step of 1.0
except ConvergenceError as err:
    message = str(err)
    print(textwrap.fill("unscaled: " + message[message.index("diverged"):], 88))
pipe = make_pipeline(StandardScaler(), gd)
scores = cross_val_score(pipe, X, y, cv=5)
print("5-fold accuracy:", np.round(scores, 3), "mean", round(scores.mean(), 3))
# --8<-- [end:pipeline]

# %%
# --8<-- [start:grid]
grid = GridSearchCV(pipe, {"logisticregression__alpha": [0.0, 0.01, 0.1, 1.0]}, cv=5)
grid.fit(X, y)
for alpha, score in zip(grid.cv_results_["param_logisticregression__alpha"],
                        grid.cv_results_["mean_test_score"]):
    print(f"alpha = {alpha:<5}: cross-validated accuracy {score:.3f}")
print("best alpha:", grid.best_params_["logisticregression__alpha"])
print(grid.best_estimator_)
# --8<-- [end:grid]
