# %% [markdown]
# # Gradient descent, momentum, Adam and Newton on one logistic loss
#
# An ill-conditioned problem (one feature 10 times the scale of the other) shows why plain gradient
# descent is slow, what momentum and Adam buy, and why Newton's method (IRLS) needs a handful of steps.

# %%
# --8<-- [start:setup]
import warnings

import numpy as np

from estlab import ConvergenceWarning
from estlab.likelihoods import bernoulli
from estlab.optim import adam, gradient_descent, momentum, newton

rng = np.random.default_rng(5)
n = 400
X = rng.normal(size=(n, 2)) * [1.0, 10.0]                # badly scaled features
eta = 0.3 + X @ np.array([1.0, -0.15])
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(float)

fun = lambda theta: bernoulli.nll(theta, X, y, fit_intercept=True)        # noqa: E731
grad = lambda theta: bernoulli.grad(theta, X, y, fit_intercept=True)      # noqa: E731
hess = lambda theta: bernoulli.hess(theta, X, y, fit_intercept=True)      # noqa: E731
eig = np.linalg.eigvalsh(hess(np.zeros(3)))
print(f"Hessian eigenvalues at 0: {np.round(eig, 3)}, "
      f"condition number {eig.max() / eig.min():.0f}")
# --8<-- [end:setup]

# %%
# --8<-- [start:run]
theta0 = np.zeros(3)
solvers = {
    "gradient descent": lambda: gradient_descent(fun, grad, theta0, learning_rate=0.1,
                                                 max_iter=300),
    "momentum 0.9": lambda: momentum(fun, grad, theta0, learning_rate=0.1, momentum=0.9,
                                     max_iter=300),
    "Nesterov 0.9": lambda: momentum(fun, grad, theta0, learning_rate=0.1, momentum=0.9,
                                     nesterov=True, max_iter=300),
    "Adam": lambda: adam(fun, grad, theta0, learning_rate=0.1, max_iter=300),
    "Newton (IRLS)": lambda: newton(fun, grad, hess, theta0),
}
results = {}
for name, run in solvers.items():
    with warnings.catch_warnings():
        # the slow ones stop at max_iter
        warnings.simplefilter("ignore", ConvergenceWarning)
        results[name] = res = run()
    print(f"{name:<17} {'converged' if res.converged else 'not converged':>13} after "
          f"{res.n_iter:>3} iterations, theta = {np.round(res.x, 4)}")
# --8<-- [end:run]

# %%
# --8<-- [start:newton]
res = results["Newton (IRLS)"]
print("Newton: max |gradient| per iteration (the number of correct digits doubles):")
print(np.array2string(res.history["grad_norm"], precision=2, separator=", "))
# --8<-- [end:newton]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

best = results["Newton (IRLS)"].fun
fig, ax = plt.subplots(figsize=(6.5, 3.6))
for name, res in results.items():
    ax.semilogy(np.maximum(res.history["fun"] - best, 1e-16), label=name,
                marker="o" if name.startswith("Newton") else None, ms=4)
ax.set_xlabel("iteration")
ax.set_ylabel(r"$\ell(\theta_k) - \ell(\hat\theta)$")
ax.set_ylim(1e-14, 10)
ax.legend(frameon=False, fontsize=8)
fig.tight_layout()
# --8<-- [end:figure]
