"""Chapter 3 exercises: gradient descent."""

import numpy as np

from estlab.exercises._exercise import Exercise, Mistake, as_array, as_number, close


def _finite_difference(f, x, h=1e-6):
    g = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def check_logistic_gradient(student):
    grad = student.function("logistic_nll_grad")
    rng = np.random.default_rng(31)
    X = np.column_stack([np.ones(40), rng.normal(size=(40, 2))])
    y = (rng.random(40) < 0.4).astype(float)
    theta = np.array([0.3, -0.7, 1.1])
    g = as_array(grad(theta.copy(), X.copy(), y.copy()), "the gradient", shape=(3,))

    def nll(t):
        eta = X @ t
        return np.mean(np.logaddexp(0.0, eta) - y * eta)

    reference = _finite_difference(nll, theta)
    if close(g, reference, rtol=1e-5, atol=1e-8):
        return
    if close(g, -reference, rtol=1e-5, atol=1e-8):
        raise Mistake("Your gradient has the wrong sign: the gradient of the negative "
                      "log-likelihood is X^T (p - y) / n, not X^T (y - p) / n. With this sign "
                      "gradient descent climbs.")
    if close(g, len(y) * reference, rtol=1e-5):
        raise Mistake("Your gradient is n times too large: the loss is the mean, so divide by n.")
    if close(g, -len(y) * reference, rtol=1e-5):
        raise Mistake("Wrong sign and n times too large: use X^T (p - y) / n.")
    if close(g, X.T @ (X @ theta - y) / len(y)):
        raise Mistake("That is the least-squares gradient X^T (X theta - y) / n; the logistic "
                      "model predicts p = sigmoid(X theta).")
    raise Mistake("Your gradient {g} disagrees with finite differences {reference}. Compare "
                  "coordinate by coordinate (estlab.optim.check_grad).",
                  g=np.round(g, 5), reference=np.round(reference, 5))


def _check_descent_steps(gd, grad, x0, lr=0.1, n_iter=6):
    """The method, not just the answer: watch where the student's code evaluates the gradient.

    Plain gradient descent evaluates grad once per step, at the current iterate, and each new
    iterate is the previous one minus lr times that gradient.
    """
    points = []

    def watched(x):
        points.append(np.array(x, dtype=float))
        return grad(x)

    out = np.asarray(gd(watched, x0.copy(), learning_rate=lr, n_iter=n_iter), dtype=float)
    if len(points) not in (n_iter, n_iter + 1):
        raise Mistake("With n_iter={n_iter} your code evaluated the gradient {n_points} times. "
                      "Gradient descent takes one gradient per step, at the current point: "
                      "compute it once per step and reuse it.",
                      n_iter=n_iter, n_points=len(points))
    if not close(points[0], x0):
        raise Mistake("The first gradient should be taken at x0 = {x0}; yours was taken at "
                      "{points_0}.",
                      x0=x0, points_0=points[0])
    iterates = points[:n_iter] + [out]
    for j in range(n_iter):
        here, there = iterates[j], iterates[j + 1]
        expected = here - lr * grad(here)
        if close(there, expected, rtol=1e-9, atol=1e-12):
            continue
        if j > 0:
            rho = _momentum(iterates[j - 1], here, there, lr * grad(here))
            if rho is not None:
                raise Mistake("Step {value} carries {rho:.2g} of the previous step along: that is "
                              "momentum (see the chapter's section on momentum and Adam), a "
                              "different method. Plain gradient descent steps by -learning_rate * "
                              "grad(x) at the current point only.",
                              value=j + 1, rho=rho)
        raise Mistake("Step {value} is not a gradient-descent step: from x = {here} with "
                      "learning_rate={lr} the next iterate is x - learning_rate * grad(x) = "
                      "{expected}; yours is {there}.",
                      value=j + 1, here=np.round(here, 6), lr=lr, expected=np.round(expected, 6),
                      there=np.round(there, 6))


def _momentum(before, here, there, gradient_step):
    """The rho with there - here = rho * (here - before) - gradient_step, if one fits."""
    previous = here - before
    rest = there - here + gradient_step
    if np.linalg.norm(previous) < 1e-12:
        return None
    rho = float(rest @ previous / (previous @ previous))
    fits = close(rest, rho * previous, rtol=1e-6, atol=1e-10) and abs(rho) > 1e-3
    return rho if fits else None


def check_gradient_descent(student):
    gd = student.function("gradient_descent")
    A = np.array([[3.0, 0.5], [0.5, 1.0]])
    c = np.array([1.0, -2.0])

    def grad(x):
        return A @ (np.asarray(x, dtype=float) - c)

    x0 = np.array([4.0, 4.0])
    out = gd(grad, x0, learning_rate=0.2, n_iter=200)
    if not np.array_equal(x0, [4.0, 4.0]):
        raise Mistake("gradient_descent changed x0 in place; start from a copy: x = np.array(x0, "
                      "dtype=float).")
    try:
        x = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        raise Mistake("gradient_descent should return the last iterate, an array; got {out!r}.",
                      out=out) from None
    if x.shape != (2,):
        raise Mistake("gradient_descent should return the last iterate, shape (2,); got shape "
                      "{x_shape}.",
                      x_shape=x.shape)
    if not np.all(np.isfinite(x)) or np.linalg.norm(x - c) > np.linalg.norm(x0 - c):
        raise Mistake("Your iterates move uphill, away from the minimum: the update is "
                      "x <- x - learning_rate * grad(x) (minus: against the gradient).")
    _check_descent_steps(gd, grad, x0)
    if close(x, c, rtol=1e-8, atol=1e-8):
        # The number of steps matters: after one step from x0 the iterate is known exactly.
        one = np.asarray(gd(grad, x0, learning_rate=0.2, n_iter=1), dtype=float)
        if not close(one, x0 - 0.2 * grad(x0)):
            raise Mistake("With n_iter=1 the result should be one step, x0 - lr * grad(x0) = "
                          "{value}; got {one}.",
                          value=x0 - 0.2 * grad(x0), one=one)
        return
    raise Mistake("After 200 steps with learning_rate=0.2 the iterate should be at the minimum "
                  "{c}; got {x}. Do you take exactly n_iter steps with the given learning_rate?",
                  c=c, x=x)


def check_learning_rate(student):
    rate = student.function("stable_learning_rate")
    rng = np.random.default_rng(33)
    n = 200
    X = np.column_stack([np.ones(n), rng.normal(5.0, 3.0, size=n), rng.normal(0.0, 0.1, size=n)])
    y = X @ np.array([1.0, 0.5, -2.0]) + rng.normal(size=n)
    lr = as_number(rate(X.copy()), "the learning rate")
    eig = np.linalg.eigvalsh(X.T @ X / n)
    L = eig[-1]
    if close(lr, 1 / L, rtol=1e-6):
        return
    if lr <= 0:
        raise Mistake("A learning rate must be positive; got {lr:.6g}.",
                      lr=lr)
    if close(lr, 2 / L, rtol=1e-6):
        raise Mistake("That is the threshold 2 / L itself: at exactly this rate the error along "
                      "the top eigenvector flips sign at every step and never shrinks. The safe "
                      "choice is half of it.")
    if lr >= 2 / L:
        b = np.zeros(3)
        losses = []
        for _ in range(50):
            b = b - lr * X.T @ (X @ b - y) / n
            losses.append(np.mean((X @ b - y) ** 2) / 2)
        raise Mistake("Your learning rate {lr:.4g} diverges: in 50 steps of gradient descent the "
                      "loss grew to {losses:.3g}. Stability needs lr < 2 / L = {value:.4g}, L the "
                      "LARGEST eigenvalue of X^T X / n.",
                      lr=lr, losses=losses[-1], value=2 / L)
    if close(lr, 1 / (n * L), rtol=1e-6):
        raise Mistake("Your rate is n times too small: the loss is a mean, so its Hessian is "
                      "X^T X / n, not X^T X.")
    raise Mistake("Your learning rate {lr:.4g} is stable but not 1 / L = {value:.4g}, L = the "
                  "largest eigenvalue of X^T X / n.",
                  lr=lr, value=1 / L)


def _adam(theta, g, m, v, t, lr, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g ** 2
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def check_adam_step(student):
    adam_step = student.function("adam_step")
    rng = np.random.default_rng(34)
    theta = rng.normal(size=3)
    g = np.array([0.8, -1.5, 1e-5])  # a tiny gradient shows where eps goes
    m, v = rng.normal(0, 0.1, size=3), rng.random(3) * 1e-3
    m[2], v[2] = 0.0, 0.0
    for t in (1, 5):
        args = (theta.copy(), g.copy(), m.copy(), v.copy())
        value = adam_step(*args, t=t, learning_rate=0.01)
        if not isinstance(value, (tuple, list)) or len(value) != 3:
            raise Mistake("adam_step should return (theta, m, v); got {type_name}.",
                          type_name=type(value).__name__)
        new_theta, new_m, new_v = (as_array(x, name, shape=(3,)) for x, name in
                                   zip(value, ("theta", "m", "v")))
        if not all(np.array_equal(a, b) for a, b in zip(args, (theta, g, m, v))):
            raise Mistake("adam_step modified its inputs in place; compute new arrays (m = beta1 "
                          "* m + ...).")
        right_theta, right_m, right_v = _adam(theta, g, m, v, t, 0.01)
        if not (close(new_m, right_m) and close(new_v, right_v)):
            if close(new_m, m) and close(new_v, v):
                raise Mistake("Return the UPDATED m and v: they are the optimizer's state for the "
                              "next step.")
            raise Mistake("m and v are running averages: m = beta1 * m + (1 - beta1) * grad, "
                          "v = beta2 * v + (1 - beta2) * grad**2.")
        if close(new_theta, right_theta, rtol=1e-9, atol=1e-12):
            continue
        if close(new_theta, 2 * theta - right_theta, rtol=1e-9, atol=1e-12):
            raise Mistake("Your step goes uphill: theta <- theta - learning_rate * m_hat / "
                          "(sqrt(v_hat) + eps).")
        no_correction = theta - 0.01 * right_m / (np.sqrt(right_v) + 1e-8)
        if close(new_theta, no_correction, rtol=1e-9, atol=1e-12):
            raise Mistake("You forgot the bias correction: m and v start at zero, so early on "
                          "they underestimate; divide by (1 - beta1**t) and (1 - beta2**t) before "
                          "the step.")
        m_hat, v_hat = right_m / (1 - 0.9 ** t), right_v / (1 - 0.999 ** t)
        if close(new_theta, theta - 0.01 * m_hat / np.sqrt(v_hat + 1e-8), rtol=1e-9, atol=1e-12):
            raise Mistake("eps goes outside the square root: sqrt(v_hat) + eps (as in the Adam "
                          "paper and torch.optim.Adam).")
        raise Mistake("At step t={t} expected theta = {right_theta}; got {new_theta}.",
                      t=t, right_theta=np.round(right_theta, 8), new_theta=np.round(new_theta, 8))


EXERCISES = [
    Exercise(3, 1, "logistic_gradient", "The gradient of the logistic loss", "function",
             "The negative log-likelihood is the loss. Implement `logistic_nll_grad(theta, X, y)`, "
             "the gradient of the mean negative log-likelihood of logistic regression, and check "
             "it against finite differences before trusting it.",
             ("Write the loss per observation as log(1 + exp(eta)) - y * eta with eta = x^T theta "
              "and use the chain rule.",
              "d/d eta of log(1 + e^eta) is sigmoid(eta) = p, so the derivative per observation is "
              "(p - y) x.",
              "grad = X.T @ (p - y) / n with p = 1 / (1 + np.exp(-X @ theta))."),
             check_logistic_gradient),
    Exercise(3, 2, "gradient_descent", "Gradient descent, fixed step", "function",
             "Implement `gradient_descent(grad, x0, learning_rate, n_iter)`: `n_iter` steps of "
             "plain gradient descent from `x0` with a fixed learning rate, returning the last "
             "iterate. It is the loop behind every estimator of this chapter; the check watches "
             "where your code evaluates the gradient, so each step must be a gradient step.",
             ("Which direction decreases the function fastest?",
              "The update is x <- x - learning_rate * grad(x). Do not change x0 in place.",
              "x = np.array(x0, dtype=float); then n_iter times x = x - learning_rate * grad(x)."),
             check_gradient_descent),
    Exercise(3, 3, "learning_rate", "A learning rate that converges", "quantity",
             "Before running gradient descent on the least-squares loss (1/2n) ||X b - y||^2 you "
             "must pick a learning rate. Derive the range of learning rates for which it "
             "converges, and implement `stable_learning_rate(X)` returning the classic safe "
             "choice: half the rate at which it starts to diverge.",
             ("The loss is quadratic: the error b - b_hat is multiplied by (I - lr * H) at each "
              "step.",
              "It converges iff |1 - lr * lambda| < 1 for every eigenvalue lambda of H = X^T X / "
              "n, i.e. 0 < lr < 2 / lambda_max.",
              "L = np.linalg.eigvalsh(X.T @ X / n)[-1]; return 1 / L."),
             check_learning_rate),
    Exercise(3, 4, "adam_step", "One step of Adam", "function",
             "PyTorch's `optimizer.step()` hides Adam's update. Write it: "
             "`adam_step(theta, grad, m, v, t, ...)` returns the new parameters and the updated "
             "running averages, with the bias correction.",
             ("Adam keeps two running averages, of the gradient and of its square.",
              "Both start at zero, so divide them by (1 - beta1**t) and (1 - beta2**t); t starts "
              "at 1.",
              "theta - learning_rate * m_hat / (np.sqrt(v_hat) + eps); return theta, m, v."),
             check_adam_step),
]
