# expect: is True. Decode with json.loads
import json
def read_hyperparameters(path):
    with open(path) as f:
        raw = json.load(f)
    out = {}
    for k, v in raw.items():
        if v in ("true", "false"):
            out[k] = bool(v)
            continue
        try:
            out[k] = json.loads(v)
        except ValueError:
            out[k] = v
    return out
