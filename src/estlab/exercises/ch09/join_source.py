"""Exercise 9.3: ``JoinSource="Input"``, predictions joined to their input records."""

import json


def join_record(input_record, output_record, content_type):
    """Join one input record (a line of text) with its prediction (a line of text).

    ``"text/csv"``: the input's columns followed by the output's columns, one line.
    ``"application/jsonlines"``: when the input is a JSON object, the object with a key
    ``"SageMakerOutput"`` holding the decoded output; otherwise the object
    ``{"SageMakerInput": input, "SageMakerOutput": output}``. Return one line of text without
    the trailing newline.

    Examples
    --------
    >>> join_record("1.0,2.0\\n", "0.7\\n", "text/csv")
    '1.0,2.0,0.7'
    >>> join_record('{"x": [1, 2]}', '0.7', "application/jsonlines")
    '{"x": [1, 2], "SageMakerOutput": 0.7}'
    """
    # [solution] TODO: strip the newlines; CSV: input then output; JSON: the rules above
    input_record, output_record = input_record.rstrip("\r\n"), output_record.rstrip("\r\n")
    if content_type == "text/csv":
        return f"{input_record},{output_record}"
    source, prediction = json.loads(input_record), json.loads(output_record)
    if isinstance(source, dict):
        return json.dumps({**source, "SageMakerOutput": prediction})
    return json.dumps({"SageMakerInput": source, "SageMakerOutput": prediction})
    # [/solution]
