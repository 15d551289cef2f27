# %% [markdown]
# # Linear regression: the normal equations against gradient descent
#
# The least-squares estimate three ways (NumPy's normal equations, estlab's direct solver and
# estlab's gradient descent), then the inference table that comes with a maximum-likelihood fit.

# %%
# --8<-- [start:data]
import numpy as np

from estlab.linear_model import LinearRegression

rng = np.random.default_rng(7)
n = 120
# columns: hours studied, a noise feature; the response is an exam score
X = np.column_stack([rng.uniform(0, 10, n), rng.normal(0, 1, n)])
y = 40 + 4.0 * X[:, 0] + 0.0 * X[:, 1] + rng.normal(0, 6, n)
# --8<-- [end:data]

# %%
# --8<-- [start:normal]
# The normal equations, by hand: (X~^T X~) theta = X~^T y.
X1 = np.column_stack([np.ones(n), X])
theta_normal = np.linalg.solve(X1.T @ X1, X1.T @ y)
print("normal equations by hand:", np.round(theta_normal, 4))

exact = LinearRegression().fit(X, y)                      # solver="normal" (Cholesky)
print("estlab, solver='normal': ", np.round(exact.params_, 4))
gd = LinearRegression(solver="gd", learning_rate=0.02, max_iter=20_000, tol=1e-8)
gd.fit(X, y)
print("estlab, solver='gd':     ", np.round(gd.params_, 4), f"after {gd.n_iter_} steps")
# --8<-- [end:normal]

# %%
# --8<-- [start:summary]
print(exact.summary())
# --8<-- [end:summary]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.5, 3.3))
ax1.scatter(X[:, 0], y, s=10, alpha=0.6)
grid = np.linspace(0, 10, 2)
ax1.plot(grid, exact.intercept_ + exact.coef_[0] * grid, "k-",
         label=rf"$\hat y = {exact.intercept_:.1f} + {exact.coef_[0]:.2f}\,x_1$")
ax1.set_xlabel("hours studied $x_1$")
ax1.set_ylabel("score $y$")
ax1.legend(frameon=False)
ax1.set_title("(a) data and least-squares line")
history = np.asarray(gd.loss_history_)
ax2.loglog(np.arange(1, history.size + 1), history - history.min() + 1e-12)
ax2.set_xlabel("gradient-descent step")
ax2.set_ylabel("loss gap")
ax2.set_title("(b) gradient descent's loss gap")
fig.tight_layout()
# --8<-- [end:figure]
