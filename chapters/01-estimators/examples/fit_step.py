# %% [markdown]
# # One estimator, two ways to compute it
#
# Learning a line's weight and bias by least squares, first in closed form (the normal equations),
# then with the loop that deep-learning libraries run: compute the loss gradient, take a step.

# %%
# --8<-- [start:data]
import numpy as np

rng = np.random.default_rng(2)
n = 200
x = rng.uniform(-2, 2, size=n)
w_true, b_true = 1.5, -0.5
y = w_true * x + b_true + rng.normal(0, 0.3, size=n)
# --8<-- [end:data]

# %%
# --8<-- [start:closed]
# Closed form: solve the normal equations (X^T X) theta = X^T y with a column of ones
# for the bias.
X = np.column_stack([np.ones(n), x])
b_hat, w_hat = np.linalg.lstsq(X, y, rcond=None)[0]
print(f"closed form:      w = {w_hat:.4f}, b = {b_hat:.4f}")
# --8<-- [end:closed]

# %%
# --8<-- [start:steps]
# Gradient descent: what `optimizer.step()` does, written out.
w, b = 0.0, 0.0
learning_rate = 0.1
losses = []
for step in range(200):
    residual = (w * x + b) - y
    losses.append(np.mean(residual**2) / 2)      # loss L(w, b) = mean squared error / 2
    grad_w = np.mean(residual * x)                # dL/dw
    grad_b = np.mean(residual)                    # dL/db
    w, b = w - learning_rate * grad_w, b - learning_rate * grad_b   # the "step"
print(f"gradient descent: w = {w:.4f}, b = {b:.4f} after {step + 1} steps")
print(f"loss: {losses[0]:.4f} at the start, {losses[-1]:.6f} at the end")
# --8<-- [end:steps]

# %%
# --8<-- [start:estimator]
class LeastSquares:
    """A minimal estimator with scikit-learn's contract.

    The constructor stores settings, `fit` learns and returns self.
    """

    def __init__(self, *, learning_rate=0.1, n_steps=200):
        # hyperparameters are stored, nothing else
        self.learning_rate = learning_rate
        self.n_steps = n_steps

    def fit(self, x, y):
        w, b = 0.0, 0.0
        for _ in range(self.n_steps):
            residual = (w * x + b) - y
            w, b = (w - self.learning_rate * np.mean(residual * x),
                    b - self.learning_rate * np.mean(residual))
        self.coef_, self.intercept_ = w, b        # learned state ends in an underscore
        return self

    def predict(self, x):
        return self.coef_ * x + self.intercept_


model = LeastSquares(learning_rate=0.1).fit(x, y)
print(f"LeastSquares().fit(x, y): coef_ = {model.coef_:.4f}, "
      f"intercept_ = {model.intercept_:.4f}")
x_new = np.array([-1.0, 0.0, 1.0])
print("predictions at x = -1, 0, 1:", np.round(model.predict(x_new), 3))
# --8<-- [end:estimator]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2))
ax1.scatter(x, y, s=8, alpha=0.5)
grid = np.linspace(-2, 2, 2)
ax1.plot(grid, w_hat * grid + b_hat, "k-", label="closed form")
ax1.plot(grid, model.predict(grid), "C1--", label="gradient descent")
ax1.set_xlabel("$x$")
ax1.set_ylabel("$y$")
ax1.legend(frameon=False)
ax1.set_title("(a) the fitted line")
ax2.semilogy(np.array(losses) - losses[-1] + 1e-12)
ax2.set_xlabel("step")
ax2.set_ylabel(r"$L(w_t, b_t) - L_{\mathrm{final}}$")
ax2.set_title("(b) the loss, step by step")
fig.tight_layout()
# --8<-- [end:figure]
