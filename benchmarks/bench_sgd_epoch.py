"""One mini-batch SGD epoch of logistic regression: estlab's ``optim.sgd`` vs scikit-learn.

Run: ``python benchmarks/bench_sgd_epoch.py [--n 500000] [--p 20] [--repeats 5]``.

estlab: ``sgd(grad_batch, x0, X, y, batch_size=B, max_iter=1)`` with
``grad_batch = bernoulli.grad`` (with intercept), the default optimizer ``SGD(0.01)``, constant
rate, shuffling. scikit-learn: ``SGDClassifier(loss="log_loss", penalty=None,
learning_rate="constant", eta0=0.01, max_iter=1, tol=None).fit(X, y)``, which updates after
every single sample in compiled code. Both are timed interleaved in one process, single-threaded
BLAS, medians over repeats.

"Python overhead per batch" is reported two ways:

* loop machinery: an epoch whose ``grad_batch`` returns a constant zero array, divided by the
  number of batches (shuffling, row gathering ``X[idx]``, the optimizer step, the loop);
* total per batch minus the arithmetic: (epoch time - one full-data ``bernoulli.grad``, which
  does the same floating-point work vectorised) / number of batches.

Goal (issue 3): faster than scikit-learn's epoch. Writes ``benchmarks/results/sgd_epoch.md``.
"""

import _harness  # first: fixes BLAS threads before NumPy loads

import argparse
import warnings

import numpy as np
from sklearn.linear_model import SGDClassifier

from estlab.likelihoods import bernoulli
from estlab.optim import sgd

RATE = 0.01


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500_000)
    parser.add_argument("--p", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", default=str(_harness.RESULTS_DIR / "sgd_epoch.md"))
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    n, p = args.n, args.p
    X = rng.normal(size=(n, p)) / np.sqrt(p)
    beta = rng.normal(size=p)
    y = (rng.random(n) < 1 / (1 + np.exp(-(0.3 + X @ beta)))).astype(float)
    x0 = np.zeros(p + 1)
    zero = np.zeros(p + 1)

    def grad_batch(theta, Xb, yb):
        return bernoulli.grad(theta, Xb, yb, fit_intercept=True)

    def estlab_epoch(batch_size, gb=grad_batch):
        return lambda: sgd(gb, x0, X, y, batch_size=batch_size, max_iter=1,
                           learning_rate=RATE, random_state=0).x

    def sklearn_epoch():
        clf = SGDClassifier(loss="log_loss", penalty=None, learning_rate="constant", eta0=RATE,
                            max_iter=1, tol=None, random_state=0)
        clf.fit(X, y)
        return np.r_[clf.intercept_, clf.coef_.ravel()]

    cases = {}
    for bs in (32, 256):
        cases[f"estlab sgd, batch {bs}"] = estlab_epoch(bs)
        cases[f"estlab loop machinery only (zero gradient), batch {bs}"] = estlab_epoch(
            bs, lambda theta, Xb, yb: zero)
    cases["scikit-learn SGDClassifier, 1 epoch (batch 1)"] = sklearn_epoch
    cases["one full-data bernoulli.grad (the same arithmetic)"] = lambda: grad_batch(x0, X, y)

    outs = {}
    with warnings.catch_warnings():
        # both libraries warn that one epoch did not converge: expected here
        warnings.simplefilter("ignore")
        # warm up, then interleaved: A, B, C, ... A, B, C, ...
        times = _harness.interleave(cases, args.repeats, warmup=True, results=outs)
    nll = {name: bernoulli.nll(out, X, y, fit_intercept=True) for name, out in outs.items()
           if out.shape == x0.shape and "zero" not in name and "full-data" not in name}
    med = {name: _harness.median(ts) for name, ts in times.items()}
    sk = med["scikit-learn SGDClassifier, 1 epoch (batch 1)"]
    arith = med["one full-data bernoulli.grad (the same arithmetic)"]

    rows = []
    for name, t in med.items():
        rows.append(f"| {name} | {t * 1e3:.1f} | {t / sk:.2f}x | "
                    f"{nll[name]:.5f} |" if name in nll else
                    f"| {name} | {t * 1e3:.1f} | {t / sk:.2f}x | |")
    over = []
    for bs in (32, 256):
        n_batches = -(-n // bs)
        total = med[f"estlab sgd, batch {bs}"]
        machinery = med[f"estlab loop machinery only (zero gradient), batch {bs}"]
        over.append(f"| {bs} | {n_batches} | {total / n_batches * 1e6:.1f} | "
                    f"{machinery / n_batches * 1e6:.1f} | "
                    f"{(total - arith) / n_batches * 1e6:.1f} | {sk / total:.2f}x |")
    verdict = {bs: med[f"estlab sgd, batch {bs}"] < sk for bs in (32, 256)}
    header = [
        "# One mini-batch SGD epoch, logistic regression: estlab vs scikit-learn",
        "",
        _harness.environment(("numpy", "scikit-learn", "estlab")),
        f"- data: n = {n}, p = {p}, float64; {args.repeats} interleaved repeats, medians; "
        "learning rate 0.01 constant, no penalty, shuffling on",
        "",
        "| run | median ms | vs scikit-learn | mean NLL after the epoch |",
        "|---|---|---|---|",
    ]
    middle = [
        "",
        "## Python overhead per batch",
        "",
        "| batch size | batches | total us/batch | loop machinery us/batch | "
        "total minus arithmetic us/batch | speed-up vs scikit-learn |",
        "|---|---|---|---|---|---|",
    ]
    footer = [
        "",
        f"**Goal (issue 3): an epoch faster than scikit-learn's SGDClassifier: batch 32 "
        f"{'met' if verdict[32] else 'NOT met'}, batch 256 "
        f"{'met' if verdict[256] else 'NOT met'}.**",
        "",
        "Each mini-batch costs a fixed ~15 NumPy calls (gather the rows, `X_b @ theta`, the "
        "sigmoid, `X_b.T @ r`, the intercept sum, the update), a few microseconds each whatever "
        "the batch size; scikit-learn's compiled loop pays no such cost but updates after every "
        "sample. Small batches are therefore dominated by the fixed per-call cost, and larger "
        "batches amortise it. The NLL column shows the runs reach comparable objectives.",
    ]
    text = "\n".join(header + rows + middle + over + footer) + "\n"
    print(text)
    _harness.write_results(args.out, text)


if __name__ == "__main__":
    main()
