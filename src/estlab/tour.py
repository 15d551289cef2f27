"""A short guided tour: fit a few estimators and print what they found (``python -m estlab.tour``)."""

import numpy as np


def main():
    """Fit a distribution and a regression on simulated data and print the estimates."""
    from estlab.distributions import Gamma, Normal

    rng = np.random.default_rng(0)
    x = rng.normal(loc=10.0, scale=2.0, size=1_000)
    normal = Normal().fit(x)
    print("Normal MLE from 1,000 draws of N(10, 2^2):")
    print(f"  mu = {normal.mu_:.3f} (se {normal.stderr_['mu']:.3f}), "
          f"sigma = {normal.sigma_:.3f} (se {normal.stderr_['sigma']:.3f})")
    g = Gamma().fit(rng.gamma(shape=2.0, scale=3.0, size=1_000))
    print(f"Gamma by Newton in {g.n_iter_} iterations: shape = {g.shape_:.3f}, scale = {g.scale_:.3f}")
    lo, hi = g.conf_int(level=0.95)["shape"]
    print(f"  95% interval for shape: ({lo:.3f}, {hi:.3f})  (true value 2)")


if __name__ == "__main__":
    main()
