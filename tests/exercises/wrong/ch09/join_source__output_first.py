# expect: input columns come first
import json
def join_record(input_record, output_record, content_type):
    i, o = input_record.strip(), output_record.strip()
    if content_type == "text/csv":
        return f"{o},{i}"
    s = json.loads(i)
    return json.dumps({**s, "SageMakerOutput": json.loads(o)} if isinstance(s, dict) else {"SageMakerInput": s, "SageMakerOutput": json.loads(o)})
