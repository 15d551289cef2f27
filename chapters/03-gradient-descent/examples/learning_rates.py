# %% [markdown]
# # Learning rates: too small, right, too large
#
# On the least-squares loss the Hessian is constant, H = X~^T X~ / n, and gradient descent with a
# fixed step t converges exactly when t < 2 / L, with L the largest eigenvalue of H.

# %%
# --8<-- [start:setup]
import re
import warnings

import numpy as np

from estlab import ConvergenceWarning
from estlab.likelihoods import gaussian
from estlab.optim import gradient_descent

rng = np.random.default_rng(4)
n = 200
# the second feature has 2x the spread
X = rng.normal(size=(n, 2)) * [1.0, 2.0]
y = 1.0 + X @ np.array([0.5, -0.3]) + rng.normal(0, 0.5, size=n)


def fun(theta):
    return gaussian.nll(theta, X, y, fit_intercept=True)


def grad(theta):
    return gaussian.grad(theta, X, y, fit_intercept=True)


H = gaussian.hess(np.zeros(3), X, y, fit_intercept=True)
eigenvalues = np.linalg.eigvalsh(H)
L = eigenvalues.max()
print(f"eigenvalues of H: {np.round(eigenvalues, 3)}; "
      f"stable steps are t < 2/L = {2 / L:.3f}")
# --8<-- [end:setup]

# %%
# --8<-- [start:run]
runs = {}
for t in [0.02, 0.2, 0.5, 0.6]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        res = gradient_descent(fun, grad, np.zeros(3), learning_rate=t, max_iter=100,
                               tol=1e-6)
    runs[t] = res
    status = ("converged" if res.converged
              else "warning: " + re.split(r" \(|:", str(caught[0].message))[0])
    print(f"t = {t:<5} {res.n_iter:>3} steps, loss {res.fun:.6f}  {status}")
# --8<-- [end:run]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

best = min(r.fun for r in runs.values() if np.isfinite(r.fun))
fig, ax = plt.subplots(figsize=(6.5, 3.6))
for t, res in runs.items():
    gap = res.history["fun"] - best
    label = f"$t = {t}$" + (r" $> 2/L$" if t > 2 / L else "")
    ax.semilogy(np.maximum(gap, 1e-16), label=label)
ax.set_xlabel("iteration $k$")
ax.set_ylabel(r"$\ell(\theta_k) - \ell(\hat\theta)$")
ax.set_ylim(1e-12, 1e3)
ax.legend(frameon=False)
fig.tight_layout()
# --8<-- [end:figure]
