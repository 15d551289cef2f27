# %% [markdown]
# # Profile-likelihood intervals and the delta method for a GLM

# %%
# --8<-- [start:profile]
import numpy as np

from estlab.linear_model import PoissonRegression

rng = np.random.default_rng(21)
dose = rng.uniform(0.0, 2.0, size=(25, 1))                 # 25 plates, a dose in [0, 2]
colonies = rng.poisson(np.exp(0.3 + 0.6 * dose[:, 0]))  # log mu = 0.3 + 0.6 dose
counts_model = PoissonRegression().fit(dose, colonies)
print("estimates:", np.round(counts_model.params_, 3))
print("Wald:     ", np.round(counts_model.conf_int(method="wald"), 3).tolist())
print("profile:  ", np.round(counts_model.conf_int(method="profile"), 3).tolist())

# The rate ratio e^beta: the delta method's interval, and exp of the profile interval
ratio = counts_model.delta_method(lambda t: np.exp(t[1]))
lo, hi = np.exp(counts_model.conf_int(method="profile")[1])
print(f"rate ratio {ratio.estimate:.3f}: delta method {np.round(ratio.conf_int, 3)}, "
      f"exp(profile) [{lo:.3f} {hi:.3f}]")

# The expected count at dose 1.5, with its delta-method standard error
at = np.array([1.0, 1.5])                                  # (intercept, dose)
mean = counts_model.delta_method(lambda t: np.exp(at @ t))
print(f"expected count at dose 1.5: {mean.estimate:.3f} (se {mean.stderr:.3f})")
# --8<-- [end:profile]
