"""Request and response handlers for the TensorFlow Serving image (code/inference.py).

The TensorFlow Serving container does not call ``model_fn``: it serves the SavedModel
with TensorFlow Serving, whose REST API takes JSON ``{"instances": [...]}`` and answers
``{"predictions": [...]}``. When ``code/inference.py`` in ``model.tar.gz`` defines
``input_handler(data, context)`` and ``output_handler(response, context)``, every
request passes through them: ``data`` is the request stream, ``context`` carries
``request_content_type`` and ``accept_header``, and ``response`` is TensorFlow
Serving's HTTP response. These turn a CSV of 64-pixel rows into 8x8x1 instances, and
the four class probabilities of each image into its class.
"""

import json


def input_handler(data, context):
    """The request as TensorFlow Serving JSON: {"instances": [8x8x1 image, ...]}."""
    if context.request_content_type == "application/json":
        return data.read().decode("utf-8")  # already {"instances": ...}
    if context.request_content_type == "text/csv":
        text = data.read().decode("utf-8")
        rows = [[float(v) for v in line.split(",")]
                for line in text.splitlines() if line.strip()]
        if any(len(row) != 64 for row in rows):
            raise ValueError("each CSV row must hold the 64 pixels of one 8x8 image; "
                             f"got rows of {sorted({len(row) for row in rows})} values")
        images = [[[[v] for v in row[i:i + 8]] for i in range(0, 64, 8)]
                  for row in rows]
        return json.dumps({"instances": images})
    raise ValueError(f"unsupported content type {context.request_content_type!r}: "
                     "send text/csv (64 pixels a row) or application/json "
                     '({"instances": ...})')


def output_handler(response, context):
    """The most probable class of each image, as JSON: (body, content type)."""
    if response.status_code != 200:
        raise ValueError(response.content.decode("utf-8"))
    probabilities = json.loads(response.content)["predictions"]
    classes = [max(range(len(p)), key=p.__getitem__) for p in probabilities]
    return json.dumps(classes), "application/json"
