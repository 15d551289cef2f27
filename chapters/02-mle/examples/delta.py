# %% [markdown]
# # The delta method: standard errors of functions of the parameters

# %%
# --8<-- [start:odds]
import numpy as np

from estlab.distributions import Bernoulli, Exponential, Gamma

rng = np.random.default_rng(7)
clicks = (rng.random(400) < 0.3).astype(int)          # 400 visits, P(click) = 0.3
bern = Bernoulli().fit(clicks)
odds = bern.delta_method(lambda p: p / (1 - p))       # g(p) = p / (1 - p)
p, se_p = bern.p_, bern.stderr_["p"]
print(f"p_hat = {p:.4f} (se {se_p:.4f}); "
      f"odds = {odds.estimate:.4f} (se {odds.stderr:.4f})")
print(f"by hand, g'(p) se(p) = se(p) / (1 - p)^2 = {se_p / (1 - p) ** 2:.4f}")
print("95% interval for the odds:", np.round(odds.conf_int, 4))

waits = rng.exponential(2.0, size=50)                 # minutes between arrivals
expo = Exponential().fit(waits)
mean = expo.delta_method(lambda lam: 1 / lam)         # the mean wait, 1 / rate
by_hand = waits.mean() / np.sqrt(waits.size)
print(f"rate {expo.lam_:.4f}/min; mean wait {mean.estimate:.4f} min "
      f"(se {mean.stderr:.4f} = xbar / sqrt(n) = {by_hand:.4f})")

sizes = rng.gamma(2.0, 3.0, size=200)
gam = Gamma().fit(sizes)
mu = gam.delta_method(lambda shape, scale: shape * scale,      # the Gamma mean a s
                      grad=lambda shape, scale: [scale, shape]) # its exact gradient
se_mean = sizes.std() / np.sqrt(sizes.size)
print(f"Gamma mean a s = {mu.estimate:.4f} (se {mu.stderr:.4f}); "
      f"the sample mean {sizes.mean():.4f} (se {se_mean:.4f})")
# --8<-- [end:odds]

# %%
# --8<-- [start:coverage]
# Coverage of the delta-method 95% interval for the odds, over 20,000 samples per case,
# with se = sqrt(p_hat (1 - p_hat) / n) / (1 - p_hat)^2 (estlab's formula, vectorised).
# A sample with p_hat = 0 or 1 gives se = 0 (or g = inf): the interval misses.
from scipy import stats

z = stats.norm.ppf(0.975)
n_rep = 20_000


def odds_coverage(p_true, n):
    p_hat = rng.binomial(n, p_true, size=n_rep) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        g = p_hat / (1 - p_hat)
        se = np.sqrt(p_hat * (1 - p_hat) / n) / (1 - p_hat) ** 2
    truth = p_true / (1 - p_true)
    return np.mean(np.abs(g - truth) <= z * se)


cases = [(0.3, 400), (0.3, 40), (0.1, 15)]
odds_cov = [odds_coverage(p_true, n) for p_true, n in cases]
# g(mu) = mu^2 at mu = 0, where g'(mu) = 0: the se 2 |xbar| sigma / sqrt(n) is noise
xbar = rng.normal(0.0, 1.0, size=(n_rep, 50)).mean(axis=1)
square_cov = np.mean(np.abs(xbar**2 - 0.0) <= z * 2 * np.abs(xbar) / np.sqrt(50))
for (p_true, n), c in zip(cases, odds_cov):
    print(f"odds, p = {p_true}, n = {n:>3}: coverage {c:.3f}")
print(f"mu^2 at mu = 0, n =  50: coverage {square_cov:.4f}")
# --8<-- [end:coverage]
