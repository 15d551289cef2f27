"""Exercise 7.4: the command line SageMaker builds for a training script."""


def script_arguments(hyperparameters):
    """Return the argv list (after ``python train.py``) for the given hyperparameters.

    The rules of SageMaker's training toolkit: keys starting with ``sagemaker_`` are the SDK's
    own and are left out; the others are sorted by name; a one-letter key becomes ``-k``, a
    longer one ``--key``; each value passes through Python's ``str``, except a dict, which
    becomes ``k1=v1,k2=v2`` with its keys sorted, and None, which becomes ``""``.

    Examples
    --------
    >>> script_arguments({"epochs": 10, "flag": True, "d": {"a": 1}})
    ['-d', 'a=1', '--epochs', '10', '--flag', 'True']
    """
    # [solution] TODO: filter, sort, then a flag and a value for each hyperparameter
    argv = []
    for key in sorted(k for k in hyperparameters if not k.startswith("sagemaker_")):
        value = hyperparameters[key]
        if isinstance(value, dict):
            text = ",".join(f"{k}={v}" for k, v in sorted(value.items()))
        elif value is None:
            text = ""
        else:
            text = str(value)  # True -> "True": Python's spelling, not JSON's "true"
        argv += [f"-{key}" if len(key) == 1 else f"--{key}", text]
    return argv
    # [/solution]
