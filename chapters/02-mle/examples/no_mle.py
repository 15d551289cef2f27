# %% [markdown]
# # When the MLE does not exist: what estlab says

# %%
# --8<-- [start:constant]
import textwrap

from estlab import DataError
from estlab.distributions import Beta, Gamma


def attempt(fit):
    """Run a fit; print its estimates, or the whole DataError message, wrapped."""
    try:
        print(fit().params_)
    except DataError as err:
        print(textwrap.fill(f"DataError: {err}", width=88, subsequent_indent="    "))


# constant: the likelihood grows as a, b -> infinity
attempt(lambda: Beta().fit([0.1] * 38))
attempt(lambda: Gamma().fit([2.0] * 5 + [2.0 + 4e-16]))  # constant to rounding
attempt(lambda: Gamma().fit([1.9, 2.0, 2.2]))  # a real spread: the MLE exists
# --8<-- [end:constant]
