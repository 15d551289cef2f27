# %% [markdown]
# # Paths through a narrow valley
#
# Least squares on two correlated, badly scaled features: the loss is an exact quadratic whose
# contours are long thin ellipses. Gradient descent, momentum, Adam and Newton start from the
# same point; each optimizer's callback records the iterates, and the figure draws them on the
# contours of the loss.

# %%
# --8<-- [start:valley]
import warnings

import numpy as np

from estlab import ConvergenceWarning
from estlab.likelihoods import gaussian
from estlab.optim import adam, gradient_descent, momentum, newton

rng = np.random.default_rng(1)
n = 200
z = rng.normal(size=(n, 2))
X = np.column_stack([z[:, 0], 0.9 * z[:, 0] + 0.3 * z[:, 1]]) * [1.0, 2.0]  # correlated
y = X @ np.array([1.0, -0.5]) + rng.normal(scale=0.5, size=n)

fun = lambda theta: gaussian.nll(theta, X, y)            # noqa: E731
grad = lambda theta: gaussian.grad(theta, X, y)          # noqa: E731
hess = lambda theta: gaussian.hess(theta, X, y)          # noqa: E731
H = hess(np.zeros(2))                          # constant: the loss is quadratic
lam, V = np.linalg.eigh(H)                     # V[:, 0] points along the valley
theta_hat = np.linalg.solve(H, X.T @ y / n)    # the minimum, in closed form
print(f"Hessian eigenvalues {np.round(lam, 3)}, "
      f"condition number {lam[1] / lam[0]:.0f}, 2/L = {2 / lam[1]:.3f}")
# --8<-- [end:valley]

# %%
# --8<-- [start:paths]
# Start up the valley and a little off its floor.
theta0 = theta_hat - 2.5 * V[:, 0] * np.sign(V[0, 0]) + 0.5 * V[:, 1]
L = lam[1]
solvers = {
    "gradient descent": lambda cb: gradient_descent(fun, grad, theta0,
                                                    learning_rate=1.8 / L, max_iter=40,
                                                    callback=cb),
    "momentum 0.7": lambda cb: momentum(fun, grad, theta0, learning_rate=1 / L,
                                        momentum=0.7, max_iter=40, callback=cb),
    "Adam": lambda cb: adam(fun, grad, theta0, learning_rate=0.1, max_iter=40,
                            callback=cb),
    "Newton": lambda cb: newton(fun, grad, hess, theta0, callback=cb),
}
paths, gaps = {}, {}
for name, run in solvers.items():
    path = [theta0]                            # the callback sees every iterate
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)   # 40 steps, on purpose
        run(lambda x, f: path.append(x.copy()))
    paths[name] = np.array(path)
    gaps[name] = np.abs(path[-1] - theta_hat).max()
    print(f"{name:<17} {len(path) - 1:>2} steps, "
          f"max |theta - theta_hat| = {gaps[name]:.1e}")
# --8<-- [end:paths]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt  # noqa: E402

corners = np.vstack(list(paths.values()))
(a0, b0), (a1, b1) = corners.min(axis=0) - 0.25, corners.max(axis=0) + 0.25
a, b = np.linspace(a0, a1, 200), np.linspace(b0, b1, 200)
loss = np.array([[fun(np.array([u, v])) for u in a] for v in b])
fig, ax = plt.subplots(figsize=(6, 4.6))
ax.contour(a, b, loss, levels=np.quantile(loss, np.linspace(0.005, 0.9, 14)),
           colors="0.75", linewidths=0.8)
for k, (name, path) in enumerate(paths.items()):
    ax.plot(path[:, 0], path[:, 1], "-o", color=f"C{k}", ms=3, lw=1.2, label=name)
ax.plot(*theta0, "ks", ms=6)
ax.annotate("start", theta0, xytext=(-8, 6), textcoords="offset points", ha="right")
ax.plot(*theta_hat, "k*", ms=12)
ax.annotate(r"$\hat\theta$", theta_hat, xytext=(0, 10), textcoords="offset points",
            ha="center")
ax.set_xlabel(r"$\theta_1$")
ax.set_ylabel(r"$\theta_2$")
ax.set_aspect("equal")
ax.legend(loc="upper right", frameon=False)
fig.tight_layout()
# --8<-- [end:figure]
