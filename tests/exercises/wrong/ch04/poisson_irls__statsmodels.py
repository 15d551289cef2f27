# expect: already returns the converged MLE
import statsmodels.api as sm
def poisson_irls(X, y, n_iter=25):
    return sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-13).params
