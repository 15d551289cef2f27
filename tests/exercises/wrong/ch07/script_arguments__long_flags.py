# expect: short option: -d, not --d
def script_arguments(hyperparameters):
    argv = []
    for key in sorted(k for k in hyperparameters if not k.startswith("sagemaker_")):
        value = hyperparameters[key]
        if isinstance(value, dict):
            text = ",".join(f"{k}={v}" for k, v in sorted(value.items()))
        else:
            text = "" if value is None else str(value)
        argv += [f"--{key}", text]
    return argv
