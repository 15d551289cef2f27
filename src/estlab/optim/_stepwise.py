"""Stepwise optimizers in the spirit of PyTorch's ``optimizer.step()``.

The functional optimizers (:func:`~estlab.optim.momentum`, :func:`~estlab.optim.adam`) own
their loop; these objects own only the *state* of the update (velocity, moments) and leave the
loop to you, so a training loop reads like PyTorch's::

    opt = Adam(learning_rate=0.01)
    for epoch in range(10):
        for X_batch, y_batch in batches:
            theta = opt.step(theta, grad(theta, X_batch, y_batch))

``step`` returns the new parameters and never modifies ``params`` or ``grad`` (NumPy arrays
have no ``.grad``; the gradient is passed in). :func:`~estlab.optim.sgd` drives them over
mini-batches; fed full gradients they reproduce the functional versions iterate by iterate.
"""

import numpy as np

from estlab._validation import check_positive
from estlab.optim._adam import check_beta
from estlab.optim._momentum import check_momentum

__all__ = ["SGD", "Adam"]


class SGD:
    """Stochastic gradient descent with optional (Nesterov) momentum, PyTorch-style.

    Parameters
    ----------
    learning_rate : float, default 0.01
        Step size ``t`` (a scheduler may change the attribute between steps).
    momentum : float, default 0.0
        Momentum ``mu`` in [0, 1); 0 is plain SGD.
    nesterov : bool, default False
        Nesterov momentum.

    Notes
    -----
    As in ``torch.optim.SGD`` (no dampening, no weight decay):

    .. math::

        v \\leftarrow \\mu v + g, \\qquad
        \\theta \\leftarrow \\theta - t\\, v \\quad\\text{or, Nesterov,}\\quad
        \\theta \\leftarrow \\theta - t\\,(g + \\mu v),

    with ``v = 0`` before the first step (so the first step is ``theta - t g``).

    Examples
    --------
    >>> import numpy as np
    >>> opt = SGD(learning_rate=0.1, momentum=0.9)
    >>> theta = np.array([1.0])
    >>> for _ in range(2):
    ...     theta = opt.step(theta, 2 * theta)           # gradient of theta^2
    >>> theta                                            # 1 - 0.2 = 0.8; v = 0.9*2 + 1.6 = 3.4
    array([0.46])
    >>> opt
    SGD(learning_rate=0.1, momentum=0.9, nesterov=False)
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.momentum = check_momentum(momentum)
        self.nesterov = bool(nesterov)
        if self.nesterov and self.momentum == 0.0:
            raise ValueError("nesterov=True needs momentum > 0 (e.g. momentum=0.9); with "
                             "momentum=0 Nesterov is plain SGD.")
        self.velocity = None

    def step(self, params, grad):
        """Return the updated parameters ``params - t * direction``.

        Parameters
        ----------
        params : ndarray
            Current parameters (not modified).
        grad : ndarray
            Gradient at ``params``, same shape.

        Returns
        -------
        ndarray
        """
        if self.momentum == 0.0:
            return params - self.learning_rate * grad
        # v <- mu v + g  (v = g on the first step)
        v = grad.copy() if self.velocity is None else self.momentum * self.velocity + grad
        self.velocity = v
        return params - self.learning_rate * (grad + self.momentum * v if self.nesterov else v)

    def reset(self):
        """Forget the velocity (start a new run)."""
        self.velocity = None

    def __repr__(self):
        return (f"SGD(learning_rate={self.learning_rate!r}, momentum={self.momentum!r}, "
                f"nesterov={self.nesterov!r})")


class Adam:
    """Adam (Kingma & Ba, 2015), PyTorch-style: ``theta = opt.step(theta, grad)``.

    Parameters
    ----------
    learning_rate : float, default 0.001
        Step size ``t``.
    beta1, beta2 : float, default 0.9 and 0.999
        Decay rates of the moment averages.
    eps : float, default 1e-8
        Added to ``sqrt(v_hat)``.

    Notes
    -----
    After ``k`` steps, with ``m = v = 0`` initially,

    .. math::

        m \\leftarrow \\beta_1 m + (1 - \\beta_1) g, \\quad
        v \\leftarrow \\beta_2 v + (1 - \\beta_2) g^2, \\quad
        \\theta \\leftarrow \\theta - t\\, \\frac{m / (1 - \\beta_1^k)}
                                            {\\sqrt{v / (1 - \\beta_2^k)} + \\varepsilon}.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Adam(learning_rate=0.1)
    >>> opt.step(np.array([1.0, -1.0]), np.array([5.0, -0.5]))   # first step: t * sign(g)
    array([ 0.9, -0.9])
    >>> opt.n_steps
    1
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.beta1, self.beta2 = check_beta(beta1, "beta1"), check_beta(beta2, "beta2")
        self.eps = check_positive(eps, "eps", allow_zero=True)
        self.reset()

    def step(self, params, grad):
        """Return the updated parameters (``params`` is not modified).

        Parameters
        ----------
        params : ndarray
            Current parameters.
        grad : ndarray
            Gradient at ``params``, same shape.

        Returns
        -------
        ndarray
        """
        if self.m is None:
            self.m, self.v = np.zeros_like(params, dtype=float), np.zeros_like(params, dtype=float)
        self.n_steps += 1
        k, b1, b2 = self.n_steps, self.beta1, self.beta2
        self.m = b1 * self.m + (1.0 - b1) * grad                # first moment
        self.v = b2 * self.v + (1.0 - b2) * grad * grad         # second moment
        m_hat, v_hat = self.m / (1.0 - b1 ** k), self.v / (1.0 - b2 ** k)
        return params - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)

    def reset(self):
        """Forget the moments and the step count (start a new run)."""
        self.m, self.v, self.n_steps = None, None, 0

    def __repr__(self):
        return (f"Adam(learning_rate={self.learning_rate!r}, beta1={self.beta1!r}, "
                f"beta2={self.beta2!r}, eps={self.eps!r})")
