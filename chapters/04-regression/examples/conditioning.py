# %% [markdown]
# # Conditioning: how many digits can a fit be trusted to?
#
# NIST's Filip problem (StRD, higher difficulty): a degree-10 polynomial fitted by least
# squares (data and certified values ship with estlab: estlab.datasets.load_filip).
# estlab gets the certified answer, and says how close to the edge it was.

# %%
# --8<-- [start:filip]
import textwrap
import warnings

import numpy as np

from estlab.datasets import load_filip
from estlab.linear_model import IllConditionedWarning, LinearRegression

filip = load_filip()          # NIST StRD Filip, shipped with estlab: 82 observations
X, y = filip.data, filip.target                                # X: x, x^2, ..., x^10
x = X[:, 0]

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", IllConditionedWarning)
    model = LinearRegression().fit(X, y)
print("condition number of the column-equilibrated design [1, X]: "
      f"{model.condition_number_:.3g}")
print(f"(numpy, raw design: {np.linalg.cond(np.column_stack([np.ones(82), X])):.3g})")
for w in caught:
    print(textwrap.fill(f"{w.category.__name__}: {w.message}", width=88,
                        subsequent_indent="  "))
# correct significant digits against NIST's certified values (to 15 digits): the log
# relative error, LRE = -log10(|estimate / certified - 1|)
def lre(estimate, certified):
    return -np.log10(np.abs(estimate / certified - 1))


print(f"intercept {model.intercept_:.15g}, certified "
      f"{filip.certified['params'][0]:.15g}")
digits = lre(model.params_, filip.certified["params"]).min()
se_digits = lre(model.stderr_, filip.certified["stderr"]).min()
print(f"correct digits, worst of the 11: {digits:.1f} (coefficients), "
      f"{se_digits:.1f} (standard errors)")
# --8<-- [end:filip]

# %%
# --8<-- [start:summary]
print(model.summary())
# --8<-- [end:summary]

# %%
# --8<-- [start:fix]
# The cure: the same polynomial in a well-conditioned basis. Map x onto [-1, 1] and use
# Legendre polynomials P_1(t), ..., P_10(t) instead of x, x^2, ..., x^10.
t = (2 * x - (x.min() + x.max())) / (x.max() - x.min())
P = np.polynomial.legendre.legvander(t, 10)[:, 1:]
better = LinearRegression().fit(P, y)                          # no warning
print(f"condition number in the Legendre basis: {better.condition_number_:.3g}")
gap = np.max(np.abs(better.predict(P) - model.predict(X)))
print(f"largest difference between the two fitted curves: {gap:.1e}")
# --8<-- [end:fix]
