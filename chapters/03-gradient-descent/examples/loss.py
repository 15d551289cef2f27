# %% [markdown]
# # The negative log-likelihood as a loss, and checking its gradient
#
# Logistic regression's loss is the mean negative log-likelihood of Bernoulli labels. We write its
# gradient by hand, check it against finite differences, and see a sign error get caught.

# %%
# --8<-- [start:data]
import numpy as np

from estlab.likelihoods import bernoulli
from estlab.optim import check_grad

rng = np.random.default_rng(3)
n = 500
X = rng.normal(size=(n, 2))
theta_true = np.array([-0.5, 2.0, -1.0])              # intercept, two slopes
eta = theta_true[0] + X @ theta_true[1:]
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(float)
print(f"{n} labels, {y.mean():.0%} ones")
# --8<-- [end:data]

# %%
# --8<-- [start:by-hand]
def nll(theta):
    """Mean negative log-likelihood: mean(log(1 + e^eta) - y * eta)."""
    eta = theta[0] + X @ theta[1:]
    return np.mean(np.logaddexp(0.0, eta) - y * eta)


def grad(theta):
    """Its gradient: X~^T (mu - y) / n with mu = sigmoid(eta) and X~ = [1, X]."""
    mu = 1 / (1 + np.exp(-(theta[0] + X @ theta[1:])))
    r = mu - y
    return np.r_[r.mean(), X.T @ r / n]


theta = np.array([0.1, 0.2, 0.3])
print("by hand:       ", nll(theta), grad(theta))
print("estlab:        ", bernoulli.nll(theta, X, y, fit_intercept=True),
      bernoulli.grad(theta, X, y, fit_intercept=True))
# --8<-- [end:by-hand]

# %%
# --8<-- [start:check]
print(check_grad(nll, grad, theta))

# the classic bug: y - mu instead of mu - y
def wrong_grad(theta):
    return -grad(theta)

report = check_grad(nll, wrong_grad, theta)
print("wrong sign caught:", not report.ok)
# --8<-- [end:check]
