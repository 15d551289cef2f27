"""Chapter 1 exercises: what is an estimator?"""

import numpy as np
from estlab.exercises._exercise import Exercise, Mistake, as_number, close


def check_bias_variance(student):
    bias_variance_mse = student.function("bias_variance_mse")
    theta = 2.0
    estimates = np.random.default_rng(11).normal(2.3, 0.5, size=8)  # few replications on purpose
    value = bias_variance_mse(estimates.copy(), theta)
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        raise Mistake("bias_variance_mse should return three numbers (bias, variance, mse); got "
                      "{value!r}.",
                      value=value)
    names = ("bias", "variance", "mse")
    bias, variance, mse = (as_number(v, name) for v, name in zip(value, names))
    m = estimates.mean()
    if close(bias, theta - m):
        raise Mistake("Your bias has the wrong sign: bias = E[theta_hat] - theta, positive when "
                      "the estimator overestimates.")
    if not close(bias, m - theta):
        raise Mistake("bias = {bias:.6g}; it should be mean(estimates) - theta = {value:.6g}.",
                      bias=bias, value=m - theta)
    if close(variance, estimates.var(ddof=1)):
        raise Mistake("You divided the variance by R - 1. Here the simulated estimates are the "
                      "whole population of interest: divide by R, so that mse = bias^2 + variance "
                      "exactly.")
    if not close(variance, estimates.var()):
        raise Mistake("variance = {variance:.6g}; it should be mean((estimates - mean)^2) = "
                      "{var:.6g}.",
                      variance=variance, var=estimates.var())
    if close(mse, variance):
        raise Mistake("Your MSE equals the variance: it forgets the bias. MSE = mean((estimates - "
                      "theta)^2) = bias^2 + variance.")
    if close(mse, abs(bias) + variance):
        raise Mistake("MSE = bias^2 + variance: square the bias.")
    if not close(mse, np.mean((estimates - theta) ** 2)):
        raise Mistake("mse = {mse:.6g}; it should be mean((estimates - theta)^2) = {mean:.6g}.",
                      mse=mse, mean=np.mean((estimates - theta) ** 2))


def check_variance_bias(student):
    variance_mle_bias = student.function("variance_mle_bias")
    for n, sigma2 in ((10, 4.0), (3, 1.5), (50, 0.2)):
        got = as_number(variance_mle_bias(n, sigma2), f"variance_mle_bias({n}, {sigma2})")
        truth = -sigma2 / n
        if close(got, truth):
            continue
        if got == 0:
            raise Mistake("The MLE of the variance is biased: E[sum((x - xbar)^2)] = (n - 1) "
                          "sigma^2, not n sigma^2, because xbar is estimated from the same data.")
        if close(got, -truth):
            raise Mistake("Wrong sign: dividing by n underestimates the variance, so the bias is "
                          "negative.")
        if close(got, -sigma2 / (n - 1)):
            raise Mistake("E[sigma2_hat] = (n - 1) / n * sigma2, so the bias is -sigma2 / n "
                          "(you divided by n - 1).")
        if close(got, (n - 1) / n * sigma2):
            raise Mistake("That is E[sigma2_hat]; the bias is E[sigma2_hat] - sigma2.")
        if abs(got - truth) < 0.1 * abs(truth):
            raise Mistake("variance_mle_bias({n}, {sigma2}) = {got:.6g} is near the exact bias "
                          "but not equal to it ({truth:.6g}): a simulation only estimates it. The "
                          "exercise asks for the exact value, a formula in n and sigma2 derived "
                          "by taking expectations (then a simulation checks it).",
                          n=n, sigma2=sigma2, got=got, truth=truth)
        raise Mistake("variance_mle_bias({n}, {sigma2}) = {got:.6g}; the exact bias is "
                      "{truth:.6g}.",
                      n=n, sigma2=sigma2, got=got, truth=truth)
    # The formula agrees with a simulation.
    rng = np.random.default_rng(12)
    x = rng.normal(0.0, 2.0, size=(200_000, 5))
    simulated = x.var(axis=1).mean() - 4.0
    if abs(simulated - as_number(variance_mle_bias(5, 4.0), "variance_mle_bias")) > 0.03:
        raise Mistake("Your formula disagrees with a simulation of 200,000 samples of size 5.")


def check_mean_estimator(student):
    cls = getattr(student.module(), "MeanEstimator", None)
    if not isinstance(cls, type):
        raise Mistake("{student_name} defines no class MeanEstimator; keep the name from the stub.",
                      student_name=student.name)
    est = cls(trim=0.1)
    if getattr(est, "trim", None) != 0.1:
        raise Mistake("The constructor must store its hyperparameter unchanged: self.trim = trim.")
    if hasattr(est, "mean_"):
        raise Mistake("An unfitted estimator must not have mean_: the constructor only stores "
                      "hyperparameters, fit sets the learned attributes.")
    x = np.random.default_rng(13).standard_t(2, size=101)
    returned = est.fit(x.copy())
    if returned is None:
        raise Mistake("fit returned None: it must `return self`, so that "
                      "MeanEstimator().fit(x).mean_ works (scikit-learn's contract).")
    if returned is not est:
        raise Mistake("fit must return self (the estimator itself), not the estimate.")
    if not hasattr(est, "mean_"):
        found = [name for name in vars(est) if "mean" in name]
        raise Mistake("After fit there is no mean_ (found {found}): learned attributes end with "
                      "an underscore.",
                      found=found)
    xs = np.sort(x)
    cut = int(0.1 * x.size)
    expected = xs[cut: x.size - cut].mean()  # scipy.stats.trim_mean(x, 0.1)
    got = as_number(est.mean_, "mean_")
    if close(got, x.mean()):
        raise Mistake("mean_ ignores trim: drop int(trim * n) sorted values from each end first.")
    if not close(got, expected):
        raise Mistake("With trim=0.1 mean_ should be the 10% trimmed mean {expected:.6g} "
                      "(scipy.stats.trim_mean); got {got:.6g}. Did you sort x first?",
                      expected=expected, got=got)
    if getattr(est, "n_", None) != x.size:
        raise Mistake("n_ should be the number of observations, {x_size}; got {getattr!r}.",
                      x_size=x.size, getattr=getattr(est, 'n_', None))
    est.fit(np.array([1.0, 2.0, 3.0]))
    if not close(est.mean_, 2.0) or est.n_ != 3:
        raise Mistake("Refitting must start from scratch: fit([1, 2, 3]) after another fit should "
                      "give mean_ = 2 and n_ = 3.")


EXERCISES = [
    Exercise(1, 1, "bias_variance", "Bias, variance and MSE by simulation", "function",
             "An estimator's quality is judged over repeated samples. Implement "
             "`bias_variance_mse(estimates, theta)` returning the Monte Carlo bias, variance and "
             "mean squared error of an estimator from its values on R simulated data sets, so "
             "that a simulation study can report all three and show how the MSE splits into the "
             "other two.",
             ("Bias is about the centre of the estimates, variance about their spread, MSE about "
              "their distance from the truth. Which sign does the bias have when the estimator "
              "overestimates?",
              "For MSE = bias^2 + variance to hold exactly on the simulated values, all three "
              "must average over the R estimates in the same way: divide by R, not R - 1.",
              "mse = np.mean((estimates - theta) ** 2), which equals bias**2 + variance exactly."),
             check_bias_variance),
    Exercise(1, 2, "variance_bias", "The bias of the MLE of a variance", "quantity",
             "The MLE of a normal variance divides by n. Derive its exact bias E[sigma2_hat] - "
             "sigma2 for a sample of size n, as a formula in n and sigma2, and return it from "
             "`variance_mle_bias(n, sigma2)`: it tells you how wrong the MLE is on average for a "
             "small sample. The check also compares your formula with a simulation.",
             ("The trouble is xbar: it is estimated from the same data. Split x_i - xbar into "
              "(x_i - mu) - (xbar - mu) and expand the sum of squares.",
              "sum((x_i - xbar)^2) = sum((x_i - mu)^2) - n (xbar - mu)^2. The expectation of the "
              "first sum is n sigma^2; what is the variance of xbar?",
              "E[sigma2_hat] = (n - 1) / n * sigma^2, so the bias is -sigma^2 / n."),
             check_variance_bias),
    Exercise(1, 3, "mean_estimator", "An estimator with scikit-learn's contract", "function",
             "Complete `MeanEstimator.fit` so that the class behaves like a scikit-learn "
             "estimator, with the contract this chapter wraps its fits in: it learns a trimmed "
             "mean, robust to outliers, into `mean_` and the sample size into `n_`, and can be "
             "chained and refitted like any estlab estimator.",
             ("Look at how `LinearRegression().fit(X, y).coef_` chains: what must fit return?",
              "Learned values go in attributes ending with an underscore, set only in fit.",
              "Sort x, cut = int(self.trim * n), average x[cut:n - cut], set mean_ and n_, "
              "return self."),
             check_mean_estimator),
]
