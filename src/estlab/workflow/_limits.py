"""The SageMaker API's own limits on what a job asks for, checked before the job starts.

SageMaker refuses a CreateTrainingJob with more than 100 hyperparameters, a hyperparameter value
over 2,500 characters, or an environment variable whose name is not a shell identifier, with a
``ValidationException`` in the service's wording. A local job that would be refused on AWS is
refused here the same way, so what works locally also passes the API.

The numbers are those of botocore's service model (``tests/workflow/test_limits.py`` compares
this table with it, so a change in the API shows up as a failing test); they are copied here
because loading the model costs about half a second, once per process, on every local job.

Examples
--------
>>> check_map("CreateTrainingJob", "HyperParameters", {"lr": "0.1"})
>>> check_map("CreateTrainingJob", "Environment", {"1ST": "x"})
Traceback (most recent call last):
...
estlab.workflow._errors.WorkflowError: ValidationException: 1 validation error detected: Value '1ST' at 'environment.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z_][a-zA-Z0-9_]*
"""

import re
from dataclasses import dataclass

from estlab.workflow._errors import WorkflowError

__all__ = ["MapLimit", "LIMITS", "check_map", "DEFAULT_MAX_RUN", "RESERVED_CHANNELS"]

DEFAULT_MAX_RUN = 24 * 60 * 60  # the API's default StoppingCondition.MaxRuntimeInSeconds
RESERVED_CHANNELS = ("code", "sm_drivers")  # SDK v3 ModelTrainer's own channels


@dataclass(frozen=True)
class MapLimit:
    """A string-to-string map member: entries, key and value lengths, the key's pattern."""

    max_entries: int
    key_max: int
    value_max: int
    key_pattern: str | None = None


_ENV_KEY = "[a-zA-Z_][a-zA-Z0-9_]*"
LIMITS = {
    "CreateTrainingJob": {"HyperParameters": MapLimit(100, 256, 2500),
                          "Environment": MapLimit(100, 512, 512, _ENV_KEY)},
    "CreateProcessingJob": {"Environment": MapLimit(100, 256, 256, _ENV_KEY)},
    "CreateTransformJob": {"Environment": MapLimit(16, 1024, 10240, "[a-zA-Z_][a-zA-Z0-9_]{0,1023}")},
}


def _show(text):
    return repr(text) if "'" not in text else f'"{text}"'


def check_map(operation, member, mapping):
    """Raise :class:`WorkflowError` (the service's wording) where ``mapping`` breaks its limits."""
    limit = LIMITS[operation][member]
    where = member[:1].lower() + member[1:]
    errors = []
    if len(mapping) > limit.max_entries:
        errors.append(f"Value [...] at '{where}' failed to satisfy constraint: Member must have "
                      f"length less than or equal to {limit.max_entries}")
    for key, value in mapping.items():
        key, value = str(key), str(value)
        if len(key) > limit.key_max:
            errors.append(f"Value {_show(key)} at '{where}.key' failed to satisfy constraint: "
                          f"Member must have length less than or equal to {limit.key_max}")
        if limit.key_pattern and not re.fullmatch(limit.key_pattern, key):
            errors.append(f"Value {_show(key)} at '{where}.key' failed to satisfy constraint: "
                          f"Member must satisfy regular expression pattern: {limit.key_pattern}")
        if len(value) > limit.value_max:
            errors.append(f"Value '{value[:40]}...' at '{where}.'{key}'.value' failed to satisfy "
                          f"constraint: Member must have length less than or equal to "
                          f"{limit.value_max}")
    if errors:
        n = len(errors)
        raise WorkflowError(f"ValidationException: {n} validation error{'s' if n > 1 else ''} "
                            "detected: " + "; ".join(errors))
