"""Chapter 11 exercises: trade-offs (conceptual, but checkable)."""

from estlab.exercises._exercise import Exercise, Mistake, as_number, close

_ANSWERS = {
    "one consistent API for processing, training and hosting": (
        "platform", "one SDK and one set of nouns for every stage is the platform's promise"),
    "newest framework features the day they are released": (
        "framework", "managed images lag behind framework releases"),
    "no servers to provision, patch or scale by hand": (
        "platform", "managed infrastructure is what you pay the platform for"),
    "full control over the training loop and the serving stack": (
        "framework", "the platform's containers and contracts limit customisation"),
    "a different instance type chosen for each stage": (
        "platform", "each job and endpoint names its own instance type"),
    "no lock-in to one cloud provider": (
        "framework", "SageMaker code, images and artefact layout tie you to AWS"),
}


def check_endpoint_cost(student):
    costs = student.function("monthly_costs")
    for price, count, hours in ((0.25, 2, 1.5), (1.2, 3, 4.0), (0.1, 1, 24.0)):
        value = costs(price, count, hours)
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise Mistake("monthly_costs should return (endpoint_cost, batch_cost); got "
                          f"{value!r}.")
        endpoint = as_number(value[0], "endpoint_cost")
        batch = as_number(value[1], "batch_cost")
        right = (price * count * 24 * 30, price * count * hours * 30)
        if close([endpoint, batch], right):
            continue
        if close([endpoint, batch], (price * 24 * 30, price * hours * 30)):
            raise Mistake("You forgot instance_count: billing is per instance-hour.")
        if close([endpoint, batch], right[::-1]):
            raise Mistake("The two costs are swapped: return (endpoint_cost, batch_cost).")
        if close(endpoint, price * count * hours * 30):
            raise Mistake("An endpoint is billed while it is up, 24 hours a day, whether or not "
                          "requests arrive.")
        raise Mistake(f"monthly_costs({price}, {count}, {hours}) should be ({right[0]:.2f}, "
                      f"{right[1]:.2f}); got ({endpoint:.2f}, {batch:.2f}).")


def check_speedup(student):
    speedup = student.function("speedup")
    for n, f in ((4, 0.5), (16, 0.9), (1, 0.3), (100, 0.99)):
        got = as_number(speedup(n, f), f"speedup({n}, {f})")
        right = 1 / ((1 - f) + f / n)
        if close(got, right):
            continue
        if close(got, n) and n > 1:
            raise Mistake(f"A speed-up of n = {n} assumes everything parallelises; the serial "
                          f"fraction 1 - {f} takes the same time on any number of instances.")
        if close(got, 1 / right):
            raise Mistake("That is the time ratio T(n) / T(1); the speed-up is its inverse.")
        raise Mistake(f"speedup({n}, {f}) should be {right:.6g}; got {got:.6g}.")


def check_tradeoffs(student):
    answer = student.function("classify_tradeoffs")()
    if not isinstance(answer, dict):
        raise Mistake(f"classify_tradeoffs should return a dict; got {type(answer).__name__}.")
    for statement, (right, why) in _ANSWERS.items():
        given = answer.get(statement)
        if given is None:
            raise Mistake(f"Missing {statement!r}; use the statements of STATEMENTS as keys.")
        if given != right:
            raise Mistake(f"{statement!r} is an advantage of the {right}, not the {given}: {why}.")


EXERCISES = [
    Exercise(11, 1, "endpoint_cost", "Endpoint or batch: the monthly bill", "quantity",
             "A model scores a nightly file. Compare the monthly cost of keeping a real-time "
             "endpoint up with running a batch transform job each night: implement "
             "`monthly_costs(price_per_hour, instance_count, batch_hours_per_day, days=30)`.",
             ("Both are billed per instance-hour; count the hours each option runs.",
              "An endpoint runs 24 hours a day; batch only while the job runs.",
              "endpoint = price * count * 24 * days; batch = price * count * hours * days."),
             check_endpoint_cost),
    Exercise(11, 2, "speedup", "What more instances buy", "quantity",
             "Training on several instances (chapter 7) shortens only the part that parallelises. "
             "Implement `speedup(n_instances, parallel_fraction)` (Amdahl's law).",
             ("Write the time on n instances as serial part + parallel part / n, with T(1) = 1.",
              "T(n) = (1 - f) + f / n.",
              "speedup = 1 / ((1 - f) + f / n)."),
             check_speedup),
    Exercise(11, 3, "tradeoffs", "Platform or frameworks?", "quantity",
             "Classify each statement of `STATEMENTS` as an advantage of a unified managed "
             "platform (`\"platform\"`) or of individual frameworks (`\"framework\"`).",
             ("Ask who carries the burden: you or the provider.",
              "Lock-in and customisation limits are costs of the platform, so their opposites are "
              "advantages of frameworks.",
              "Three of each."),
             check_tradeoffs),
]
