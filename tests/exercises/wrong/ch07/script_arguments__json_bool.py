# expect: not JSON's true / false
import json
def script_arguments(hyperparameters):
    argv = []
    for key in sorted(k for k in hyperparameters if not k.startswith("sagemaker_")):
        value = hyperparameters[key]
        if isinstance(value, dict):
            text = ",".join(f"{k}={v}" for k, v in sorted(value.items()))
        elif isinstance(value, str):
            text = value
        else:
            text = json.dumps(value)
        argv += [f"-{key}" if len(key) == 1 else f"--{key}", text]
    return argv
