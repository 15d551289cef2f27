# %% [markdown]
# # One data set, three vocabularies
#
# The same linear model described by a statistician, a machine-learning engineer and SageMaker.

# %%
# --8<-- [start:terms]
import numpy as np

from estlab.linear_model import LinearRegression

rng = np.random.default_rng(15)
X = rng.normal(size=(100, 2))                 # statistics: covariates | ML: features
y = 1.0 + X @ [2.0, -1.0] + rng.normal(0, 0.5, 100)   # response | label / target

# hyperparameters
model = LinearRegression(solver="gd", learning_rate=0.1, max_iter=500)
# estimation | training | a training job's work
model.fit(X, y)

print("parameter estimates (statistics) = weights and bias (ML):")
print(f"  coef_ = {np.round(model.coef_, 3)}  (weights)"
      f"   intercept_ = {model.intercept_:.3f}  (bias)")
print("standard errors of (intercept, x1, x2), statistics only: "
      f"{np.round(model.stderr_, 3)}")
print("iterations of gradient descent (ML: steps; an epoch = one pass): "
      f"{model.n_iter_}")
print("fitted value (statistics) = prediction (ML) = inference (SageMaker) "
      f"at x = (1, 0): {model.predict([[1.0, 0.0]])[0]:.3f}")
# --8<-- [end:terms]
