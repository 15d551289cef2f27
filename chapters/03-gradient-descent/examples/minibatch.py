# %% [markdown]
# # Stochastic gradient descent: mini-batches and the loop you own
#
# SGD replaces the full gradient by the gradient on a small random batch: much cheaper per step,
# noisy, and with a constant learning rate it ends up jittering around the optimum.

# %%
# --8<-- [start:setup]
import warnings

import numpy as np

from estlab import ConvergenceWarning
from estlab.likelihoods import bernoulli
from estlab.optim import Adam, newton, sgd

rng = np.random.default_rng(6)
n = 2_000
X = rng.normal(size=(n, 3))
eta = -0.2 + X @ np.array([1.0, -2.0, 0.5])
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(float)


def loss(theta, X, y):
    return bernoulli.nll(theta, X, y, fit_intercept=True)


def grad_batch(theta, X_batch, y_batch):
    return bernoulli.grad(theta, X_batch, y_batch, fit_intercept=True)


theta_hat = newton(lambda t: loss(t, X, y), lambda t: grad_batch(t, X, y),
                   lambda t: bernoulli.hess(t, X, y, fit_intercept=True), np.zeros(4)).x
print(f"MLE by Newton: {np.round(theta_hat, 4)}, loss {loss(theta_hat, X, y):.5f}")
# --8<-- [end:setup]

# %%
# --8<-- [start:batches]
runs = {}
for batch_size in [1, 32, n]:
    # we stop after 10 epochs on purpose: silence "not converged"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        res = sgd(grad_batch, np.zeros(4), X, y, fun=loss, learning_rate=0.05,
                  batch_size=batch_size, max_iter=10, tol=0.0, random_state=0)
    runs[batch_size] = res
    steps = res.n_iter * int(np.ceil(n / batch_size))
    print(f"batch {batch_size:>4}: {steps:>6} updates in {res.n_iter} epochs, "
          f"loss {res.fun:.5f}, "
          f"distance to the MLE {np.linalg.norm(res.x - theta_hat):.4f}")
# --8<-- [end:batches]

# %%
# --8<-- [start:own-loop]
# PyTorch's pattern: you own the loop, the optimizer owns the update rule.
opt = Adam(learning_rate=0.05)
theta = np.zeros(4)
order = np.random.default_rng(0)
for epoch in range(5):
    for batch in np.array_split(order.permutation(n), n // 64):
        g = grad_batch(theta, X[batch], y[batch])    # loss.backward()
        theta = opt.step(theta, g)                   # optimizer.step()
    print(f"epoch {epoch}: loss {loss(theta, X, y):.5f}")
# --8<-- [end:own-loop]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.5, 3.4))
for batch_size, res in runs.items():
    ax.semilogy(res.history["fun"] - loss(theta_hat, X, y) + 1e-16, "o-", ms=3,
                label=f"batch size {batch_size}"
                + (" (full batch)" if batch_size == n else ""))
ax.set_xlabel("epoch (one pass over the data)")
ax.set_ylabel(r"$\ell(\theta) - \ell(\hat\theta)$")
ax.legend(frameon=False)
fig.tight_layout()
# --8<-- [end:figure]
