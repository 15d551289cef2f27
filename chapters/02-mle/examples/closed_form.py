# %% [markdown]
# # Closed-form maximum-likelihood estimates, checked against scipy.stats

# %%
# --8<-- [start:compare]
import numpy as np
from scipy import stats

from estlab.distributions import Bernoulli, Exponential, LogNormal, Normal, Poisson

rng = np.random.default_rng(11)
normal_x = rng.normal(10.0, 2.0, size=500)
expon_x = rng.exponential(scale=4.0, size=500)
lognormal_x = rng.lognormal(mean=1.0, sigma=0.5, size=500)

rows = [
    ("Normal mu, sigma", Normal().fit(normal_x).params_, stats.norm.fit(normal_x)),
    ("Exponential lam", Exponential().fit(expon_x).params_,
     # scipy: scale = 1/lam
     [1 / stats.expon.fit(expon_x, floc=0)[1]]),
    ("LogNormal mu, sigma", LogNormal().fit(lognormal_x).params_,
     (lambda s, loc, scale: [np.log(scale), s])(
         *stats.lognorm.fit(lognormal_x, floc=0))),
    ("Poisson lam", Poisson().fit(rng.poisson(3.0, 500)).params_, None),
    ("Bernoulli p", Bernoulli().fit(rng.integers(0, 2, 500)).params_, None),
]
for name, estlab_params, scipy_params in rows:
    ours = np.array(list(estlab_params.values()))
    line = f"{name:<22} estlab {np.array2string(ours, precision=6):<26}"
    if scipy_params is not None:
        theirs = np.asarray(scipy_params, dtype=float)
        diff = np.max(np.abs(ours - theirs) / np.abs(ours))
        line += f" max relative difference to scipy.stats {diff:.1e}"
    print(line)
# --8<-- [end:compare]
