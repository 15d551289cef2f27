# expect: should return (body, content_type)
import json
def output_fn(prediction, accept):
    return json.dumps(prediction.tolist())
