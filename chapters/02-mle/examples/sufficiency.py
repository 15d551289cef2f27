# %% [markdown]
# # Sufficient statistics: the MLE sees the data only through them
#
# Two different samples with the same sufficient statistic have the same likelihood (up
# to a factor that does not involve the parameter), and therefore the same MLE.

# %%
# --8<-- [start:same-mle]
import numpy as np

from estlab.distributions import Bernoulli, Normal, Poisson, Uniform

pairs = {
    # Normal: T = (n, sum x, sum x^2); both samples: 3, 12, 62
    Normal: ([1.0, 5.0, 6.0], [2.0, 3.0, 7.0]),
    # Poisson: T = sum x = 12 (and n = 4)
    Poisson: ([0, 3, 3, 6], [3, 3, 3, 3]),
    # Bernoulli: T = number of successes = 2 (and n = 5)
    Bernoulli: ([1, 1, 0, 0, 0], [0, 0, 1, 0, 1]),
    # Uniform(a, b): T = (min x, max x) = (1, 9)
    Uniform: ([1.0, 2.0, 9.0], [1.0, 8.5, 9.0]),
}
for family, (x1, x2) in pairs.items():
    a, b = family().fit(x1), family().fit(x2)
    print(f"{family.__name__:<9} {str(x1):<22} -> {a.params_}")
    print(f"{'':<9} {str(x2):<22} -> {b.params_}")
same_mle = all(family().fit(x1).params_ == family().fit(x2).params_
               for family, (x1, x2) in pairs.items())
print("same MLE for every pair:", same_mle)
# --8<-- [end:same-mle]

# %%
# --8<-- [start:factor]
# The Poisson log-likelihoods differ, by log h(x1) - log h(x2), the same for every lam:
from scipy.special import gammaln

x1, x2 = pairs[Poisson]
lams = np.array([0.5, 1.0, 3.0, 8.0])
gaps = [Poisson.from_params(lam=lam).logpmf(x1).sum()
        - Poisson.from_params(lam=lam).logpmf(x2).sum() for lam in lams]
log_h_gap = -gammaln(np.add(x1, 1)).sum() + gammaln(np.add(x2, 1)).sum()
for lam, gap in zip(lams, gaps):
    print(f"lam = {lam:3.1f}: log L(lam; x1) - log L(lam; x2) = {gap:.6f}")
print("log h(x1) - log h(x2), with h(x) = 1 / prod x_i!:", round(log_h_gap, 6))
# --8<-- [end:factor]
