"""Chapter 11 exercises: trade-offs (conceptual, but checkable)."""

import numpy as np

from estlab._i18n import N_, translate
from estlab.exercises._exercise import Exercise, Mistake, as_number, close

_ANSWERS = {
    "one consistent API for processing, training and hosting": (
        "platform", N_("one SDK and one set of nouns for every stage is the platform's promise")),
    "newest framework features the day they are released": (
        "framework", N_("managed images lag behind framework releases")),
    "no servers to provision, patch or scale by hand": (
        "platform", N_("managed infrastructure is what you pay the platform for")),
    "full control over the training loop and the serving stack": (
        "framework", N_("the platform's containers and contracts limit customisation")),
    "a different instance type chosen for each stage": (
        "platform", N_("each job and endpoint names its own instance type")),
    "no lock-in to one cloud provider": (
        "framework", N_("SageMaker code, images and artefact layout tie you to AWS")),
}


def _measurements(seed):
    """Paired wall times like Section 11.3's: job = overhead + the direct fit's work + noise."""
    rng = np.random.default_rng(seed)
    rows = np.array([1_000, 4_000, 16_000, 64_000, 256_000])
    direct = 2e-6 * rows * rng.uniform(0.95, 1.05, size=rows.size)
    overhead = 0.45
    job = overhead + direct + rng.normal(0.0, 0.005, size=rows.size)
    return direct, job, overhead


def check_job_overhead(student):
    job_overhead = student.function("job_overhead")
    for seed in (111, 112):
        direct, job, overhead = _measurements(seed)
        got = as_number(job_overhead(direct.copy(), job.copy()), "the overhead")
        if abs(got - overhead) <= 0.02 * overhead:
            continue
        if close(got, np.mean(job), rtol=1e-3) or close(got, np.median(job), rtol=1e-3):
            raise Mistake("{got:.3g} s is a typical job's wall time, which includes the fit "
                          "itself. The overhead is what the job adds on top of the same work: "
                          "compare each job with its direct fit.",
                          got=got)
        if close(got, np.min(job), rtol=1e-3) or close(got, job[0], rtol=1e-3):
            raise Mistake("{got:.3g} s is the smallest job's wall time: it still includes that "
                          "job's fit. Subtract the direct fit's time, pair by pair.",
                          got=got)
        ratios = job / direct
        if any(close(got, f(ratios), rtol=1e-3) for f in (np.mean, np.median, np.min, np.max)):
            raise Mistake("That is a ratio job / direct (Section 11.3's last column). The ratio "
                          "shrinks as the data grow, because the overhead is fixed: a fixed cost "
                          "is a difference, in seconds, not a ratio.")
        raise Mistake("For these measurements the overhead is about {overhead:.3g} s; got "
                      "{got:.3g} s. What stays the same between the jobs of different sizes?",
                      overhead=overhead, got=got)


def _share(overhead, per_row, n):
    return overhead / (overhead + per_row * n)


def check_break_even(student):
    break_even_rows = student.function("break_even_rows")
    # Whole-number solutions (rounding must not push them up by one) and fractional ones.
    for overhead, per_row, share in ((0.45, 2e-6, 0.1), (300.0, 1e-6, 0.05), (2.0, 1e-3, 0.5),
                                     (2.0, 3e-4, 0.3), (45.0, 7e-7, 0.07)):
        value = break_even_rows(overhead, per_row, max_share=share)
        call = f"break_even_rows({overhead}, {per_row}, max_share={share})"
        n = as_number(value, call)
        right = overhead * (1 - share) / (share * per_row)
        if n != int(n):
            raise Mistake("{call} = {n:g}: a number of rows is a whole number. Round up: the "
                          "smallest whole n that meets the bound.",
                          call=call, n=n)
        # n must meet the bound and n - 1 must not (with slack for rounding at a whole number).
        if _share(overhead, per_row, n) <= share * (1 + 1e-9) and \
                _share(overhead, per_row, n - 1) > share * (1 - 1e-9):
            continue
        if abs(n - overhead / (share * per_row)) <= 1:
            raise Mistake("{call} = {n:.0f} compares the overhead with the work alone. Its share "
                          "is of the job's whole wall time, overhead included: overhead <= "
                          "max_share * (overhead + work).",
                          call=call, n=n)
        if abs(n - overhead / per_row) <= 1:
            raise Mistake("{call} = {n:.0f} is where the work equals the overhead; the question "
                          "is where the overhead is at most max_share of the wall time. Use "
                          "max_share.",
                          call=call, n=n)
        if abs(n - right) <= 1:
            raise Mistake("{call} = {n:.0f} is off by one: round up, so that the bound holds (the "
                          "exact solution is {right:.6g} rows).",
                          call=call, n=n, right=right)
        raise Mistake("{call} should be about {right:.6g} rows (at that size the overhead is "
                      "{share:.0%} of the wall time); got {n:.6g}.",
                      call=call, right=right, share=share, n=n)


def check_tradeoffs(student):
    answer = student.function("classify_tradeoffs")()
    if not isinstance(answer, dict):
        raise Mistake("classify_tradeoffs should return a dict; got {type_name}.",
                      type_name=type(answer).__name__)
    for statement, (right, why) in _ANSWERS.items():
        given = answer.get(statement)
        if given is None:
            raise Mistake("Missing {statement!r}; use the statements of STATEMENTS as keys.",
                          statement=statement)
        if given != right:
            raise Mistake("{statement!r} is an advantage of the {right}, not the {given}: {why}.",
                          statement=statement, right=right, given=given, why=translate(why))


EXERCISES = [
    Exercise(11, 1, "job_overhead", "The fixed cost of a job, from measurements", "quantity",
             "Section 11.3 timed the same fit called directly and run as a local training job. "
             "Implement `job_overhead(direct_seconds, job_seconds)` returning the fixed overhead "
             "of one job, in seconds, from such paired measurements: the number you need to "
             "decide whether a job is worth starting (exercise 11.2).",
             ("Write a job's wall time as the sum of two parts: one that grows with the data and "
              "one that does not. Which of the two does the direct fit also pay?",
              "A job does the direct fit's work plus the overhead, so each pair of measurements "
              "gives one estimate of the overhead. The ratio job / direct is not one: it shrinks "
              "as the data grow.",
              "np.mean(job_seconds - direct_seconds), or the median if one measurement was "
              "disturbed by other work on the machine."),
             check_job_overhead),
    Exercise(11, 2, "break_even", "When a job pays off", "quantity",
             "Section 11.3's rule: a managed job pays off when the work it does is large "
             "compared with its overhead. Make 'large' a number: implement "
             "`break_even_rows(overhead_seconds, seconds_per_row, max_share)` returning the "
             "smallest number of rows from which the overhead is at most `max_share` of the "
             "job's wall time, and compare a local job with a SageMaker job whose overhead is "
             "minutes.",
             ("Write the job's wall time for n rows with the two parts of exercise 11.1, then "
              "the overhead's share of it.",
              "The condition is overhead <= max_share * (overhead + seconds_per_row * n): the "
              "share is of the whole wall time, not of the work alone. Solve for n.",
              "n = ceil(overhead * (1 - max_share) / (max_share * seconds_per_row)), a whole "
              "number of rows."),
             check_break_even),
    Exercise(11, 3, "tradeoffs", "Platform or frameworks?", "quantity",
             "Classify each statement of `STATEMENTS` as an advantage of a unified managed "
             "platform (`\"platform\"`) or of individual frameworks (`\"framework\"`).",
             ("Ask who carries the burden: you or the provider.",
              "Lock-in and customisation limits are costs of the platform, so their opposites are "
              "advantages of frameworks.",
              "Three of each."),
             check_tradeoffs),
]
