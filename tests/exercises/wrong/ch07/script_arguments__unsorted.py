# expect: Sort the hyperparameters by name
def script_arguments(hyperparameters):
    argv = []
    for key, value in hyperparameters.items():
        if key.startswith("sagemaker_"):
            continue
        if isinstance(value, dict):
            text = ",".join(f"{k}={v}" for k, v in sorted(value.items()))
        else:
            text = "" if value is None else str(value)
        argv += [f"-{key}" if len(key) == 1 else f"--{key}", text]
    return argv
