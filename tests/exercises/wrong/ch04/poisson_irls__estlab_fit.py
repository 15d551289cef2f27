# expect: You called estlab.linear_model.PoissonRegression.fit
from estlab.linear_model import PoissonRegression
def poisson_irls(X, y, n_iter=25):
    return PoissonRegression(fit_intercept=False).fit(X, y).coef_
