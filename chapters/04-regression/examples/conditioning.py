# %% [markdown]
# # Conditioning: how many digits can a fit be trusted to?
#
# NIST's Filip problem (StRD, higher difficulty): a degree-10 polynomial fitted by least
# squares. estlab gets the certified answer, and says how close to the edge it was.

# %%
# --8<-- [start:filip]
import textwrap
import warnings

import numpy as np

from estlab.linear_model import IllConditionedWarning, LinearRegression

# NIST StRD Filip: 82 observations (https://www.itl.nist.gov/div898/strd/lls/data/Filip.shtml)
y = np.array([
    0.8116, 0.9072, 0.9052, 0.9039, 0.8053, 0.8377, 0.8667, 0.8809, 0.7975, 0.8162, 0.8515,
    0.8766, 0.8885, 0.8859, 0.8959, 0.8913, 0.8959, 0.8971, 0.9021, 0.909, 0.9139, 0.9199, 0.8692,
    0.8872, 0.89, 0.891, 0.8977, 0.9035, 0.9078, 0.7675, 0.7705, 0.7713, 0.7736, 0.7775, 0.7841,
    0.7971, 0.8329, 0.8641, 0.8804, 0.7668, 0.7633, 0.7678, 0.7697, 0.77, 0.7749, 0.7796, 0.7897,
    0.8131, 0.8498, 0.8741, 0.8061, 0.846, 0.8751, 0.8856, 0.8919, 0.8934, 0.894, 0.8957, 0.9047,
    0.9129, 0.9209, 0.9219, 0.7739, 0.7681, 0.7665, 0.7703, 0.7702, 0.7761, 0.7809, 0.7961,
    0.8253, 0.8602, 0.8809, 0.8301, 0.8664, 0.8834, 0.8898, 0.8964, 0.8963, 0.9074, 0.9119,
    0.9228,
])
x = np.array([
    -6.860120914, -4.324130045, -4.358625055, -4.358426747, -6.955852379, -6.661145254,
    -6.355462942, -6.118102026, -7.115148017, -6.815308569, -6.519993057, -6.204119983,
    -5.853871964, -6.109523091, -5.79832982, -5.482672118, -5.171791386, -4.851705903,
    -4.517126416, -4.143573228, -3.709075441, -3.499489089, -6.300769497, -5.953504836,
    -5.642065153, -5.031376979, -4.680685696, -4.329846955, -3.928486195, -8.56735134,
    -8.363211311, -8.107682739, -7.823908741, -7.522878745, -7.218819279, -6.920818754,
    -6.628932138, -6.323946875, -5.991399828, -8.781464495, -8.663140179, -8.473531488,
    -8.247337057, -7.971428747, -7.676129393, -7.352812702, -7.072065318, -6.774174009,
    -6.478861916, -6.159517513, -6.835647144, -6.53165267, -6.224098421, -5.910094889,
    -5.598599459, -5.290645224, -4.974284616, -4.64454848, -4.290560426, -3.885055584,
    -3.408378962, -3.13200249, -8.726767166, -8.66695597, -8.511026475, -8.165388579,
    -7.886056648, -7.588043762, -7.283412422, -6.995678626, -6.691862621, -6.392544977,
    -6.067374056, -6.684029655, -6.378719832, -6.065855188, -5.752272167, -5.132414673,
    -4.811352704, -4.098269308, -3.66174277, -3.2644011,
])
X = np.column_stack([x**k for k in range(1, 11)])             # x, x^2, ..., x^10

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", IllConditionedWarning)
    model = LinearRegression().fit(X, y)
print(f"condition number of the column-equilibrated design [1, X]: {model.condition_number_:.3g}")
print(f"(numpy, raw design: {np.linalg.cond(np.column_stack([np.ones(82), X])):.3g})")
for w in caught:
    print(textwrap.fill(f"{w.category.__name__}: {w.message}", width=88, subsequent_indent="  "))
certified = -1467.48961422980                                   # NIST's intercept, 15 digits
print(f"intercept {model.intercept_:.15g} vs certified {certified:.15g}: "
      f"relative error {abs(model.intercept_ / certified - 1):.1e}")
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
