# expect: You called scipy.stats.gamma.fit
from scipy import stats
def gamma_shape_mle(x, k0=None, tol=1e-10, max_iter=100):
    k, _, _ = stats.gamma.fit(x, floc=0)  # the right number, but not by Newton's method
    return float(k), [float(k), float(k)]
