# %% [markdown]
# # The same experiments with estlab.properties
#
# estlab's `simulate` draws the samples, applies the maximum-likelihood estimator to all of them at
# once, and compares the variance with the Cramer-Rao bound, the smallest variance any unbiased
# estimator can have.

# %%
# --8<-- [start:simulate]
from estlab.distributions import Exponential, Normal
from estlab.properties import consistency, simulate

sim = simulate(Normal.from_params(mu=5.0, sigma=2.0), n=10, n_rep=20_000,
               random_state=0)
print(sim.summary())

rates = consistency(Exponential.from_params(lam=0.5), ns=[10, 40, 160, 640],
                    n_rep=2_000, random_state=0)
print("\nExponential rate lam = 0.5: the MLE 1/x_bar as n grows")
print(f"{'n':>5}{'bias':>10}{'variance':>11}{'CRLB':>10}")
for n, b, v, c in zip(rates.ns, rates.bias["lam"], rates.variance["lam"],
                      rates.crlb["lam"]):
    print(f"{n:>5}{b:>10.4f}{v:>11.6f}{c:>10.6f}")
# --8<-- [end:simulate]
