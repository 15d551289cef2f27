# expect: you answered with content type
import json
def output_fn(prediction, accept):
    if accept == "text/csv":
        return "\n".join(str(v) for v in prediction), "application/json"
    if accept == "application/json":
        return json.dumps(prediction.tolist()), "application/json"
    raise ValueError(accept)
