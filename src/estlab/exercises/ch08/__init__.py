"""Chapter 8 exercises: deployment and the inference handler functions."""

import io
import json
import tempfile
from pathlib import Path

import numpy as np

from estlab.exercises._exercise import Exercise, Mistake, as_array, close


def check_input_fn(student):
    input_fn = student.function("input_fn", may_return_none=True)
    rows = np.array([[1.5, -2.0, 3.25], [0.0, 4.0, -1.0]])
    npy = io.BytesIO()
    np.save(npy, rows)
    cases = [("text/csv", "1.5,-2.0,3.25\n0.0,4.0,-1.0\n", rows),
             ("text/csv", b"1.5,-2.0,3.25\n0.0,4.0,-1.0", rows),
             ("application/json", json.dumps(rows.tolist()), rows),
             ("application/json", json.dumps(rows.tolist()).encode(), rows),
             ("application/x-npy", npy.getvalue(), rows),
             ("text/csv", "1.5,-2.0,3.25", rows[:1]),
             ("application/json", "[1.5, -2.0, 3.25]", rows[:1])]
    for content_type, body, expected in cases:
        kind = type(body).__name__
        got = np.asarray(input_fn(body, content_type))
        if got.shape == expected.shape[1:]:
            raise Mistake("One {content_type} row came out 1-D, shape {got_shape}; models expect "
                          "rows: return shape (1, p) (np.loadtxt(..., ndmin=2) or np.atleast_2d).",
                          content_type=content_type, got_shape=got.shape)
        got = as_array(got, f"input_fn(<{kind}>, {content_type!r})", shape=expected.shape)
        if not close(got, expected):
            raise Mistake("input_fn(<{kind}>, {content_type!r}) decoded {tolist}, expected "
                          "{tolist2}.",
                          kind=kind, content_type=content_type, tolist=got.tolist(),
                          tolist2=expected.tolist())
    try:
        result = input_fn("<rows/>", "application/xml")
    except ValueError as err:
        if "xml" not in str(err):
            raise Mistake("Name the unsupported content type in the ValueError's message, so the "
                          "client learns what went wrong.") from None
    else:
        raise Mistake("input_fn(..., 'application/xml') returned {result!r}; raise ValueError for "
                      "a content type you do not support (the server answers 415).",
                      result=result)


def check_output_fn(student):
    output_fn = student.function("output_fn")
    prediction = np.array([1.5, -0.25, 3.0])
    for accept in ("application/json", "text/csv"):
        result = output_fn(prediction.copy(), accept)
        if not isinstance(result, tuple) or len(result) != 2:
            raise Mistake("output_fn should return (body, content_type), so the server can set "
                          "the response's Content-Type; got {type_name}.",
                          type_name=type(result).__name__)
        body, content_type = result
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        if not isinstance(content_type, str) or content_type.split(";")[0].strip() != accept:
            raise Mistake("The client asked for Accept: {accept} and you answered with content "
                          "type {content_type!r}. Return the content type the client accepts, and "
                          "a body encoded that way.",
                          accept=accept, content_type=content_type)
        if accept == "application/json":
            try:
                decoded = json.loads(body)
            except (TypeError, ValueError):
                raise Mistake("For application/json the body should be JSON; got {body!r} "
                              "(labelled application/json: a wrong content type for the body).",
                              body=body) from None
            if not close(np.asarray(decoded, dtype=float).ravel(), prediction):
                raise Mistake("JSON body {body!r} should decode to {tolist}.",
                              body=body, tolist=prediction.tolist())
        else:
            lines = [line for line in str(body).splitlines() if line.strip()]
            try:
                values = [float(line) for line in lines]
            except ValueError:
                raise Mistake("For text/csv write one number per line; got {body!r} (JSON "
                              "labelled as text/csv is the wrong content type for the body).",
                              body=body) from None
            if not close(values, prediction):
                raise Mistake("CSV body {body!r} should hold {tolist}, one per line.",
                              body=body, tolist=prediction.tolist())
    try:
        result = output_fn(prediction, "application/x-protobuf")
    except ValueError:
        return
    raise Mistake("output_fn(..., 'application/x-protobuf') returned {result!r}; raise ValueError "
                  "for an Accept you cannot produce (the server answers 406), rather than sending "
                  "a body the client cannot read.",
                  result=result)


def check_inference(student):
    model_fn = student.function("model_fn")
    predict_fn = student.function("predict_fn")
    intercept, coef = 1.25, np.array([0.5, -2.0, 3.0])
    X = np.random.default_rng(83).normal(size=(5, 3))
    with tempfile.TemporaryDirectory(prefix="estlab-ex-8.3-") as tmp:
        np.savez(Path(tmp) / "model.npz", intercept=intercept, coef=coef)
        try:
            model = model_fn(tmp)
        except (FileNotFoundError, OSError) as err:
            raise Mistake("model_fn could not open the model: {err}. Read from the model_dir "
                          "argument (where the artifact was extracted), not a fixed path such as "
                          "/opt/ml/model.",
                          err=err) from None
    predictions = as_array(predict_fn(X.copy(), model), "predict_fn's result")
    truth = intercept + X @ coef
    if predictions.shape == (5, 1) or predictions.shape == (1, 5):
        raise Mistake("predict_fn should return a 1-D array of length n; got shape "
                      "{predictions_shape}.",
                      predictions_shape=predictions.shape)
    if predictions.shape != (5,):
        raise Mistake("predict_fn should return one prediction per row, shape (5,); got "
                      "{predictions_shape}.",
                      predictions_shape=predictions.shape)
    if close(predictions, X @ coef):
        raise Mistake("Your predictions forget the intercept: intercept + X @ coef.")
    if not close(predictions, truth):
        raise Mistake("predict_fn should return intercept + X @ coef = {truth}; got {predictions}.",
                      truth=np.round(truth, 4), predictions=np.round(predictions, 4))


EXERCISES = [
    Exercise(8, 1, "input_fn", "input_fn: decode the request", "function",
             "Write the `input_fn(request_body, request_content_type)` handler of an inference "
             "script: decode CSV, JSON and NPY request bodies into a 2-D array, and refuse other "
             "content types.",
             ("The body can arrive as str or bytes; a single row must still be a matrix.",
              "np.loadtxt(io.StringIO(text), delimiter=',', ndmin=2); np.load(io.BytesIO(body), "
              "allow_pickle=False); json.loads.",
              "End with np.atleast_2d(...); raise ValueError(f'unsupported content type "
              "{request_content_type!r}') otherwise."),
             check_input_fn),
    Exercise(8, 2, "output_fn", "output_fn: answer in the client's content type", "function",
             "Write the `output_fn(prediction, accept)` handler: encode the predictions as JSON "
             "or CSV, as the client's Accept header asks, and return the body with its content "
             "type. A `Predictor` with `JSONDeserializer` sends Accept: application/json.",
             ("The client parses the body according to the content type you return.",
              "Return a pair (body, content_type); the content type must equal the Accept you "
              "served.",
              "json.dumps(prediction.tolist()) for JSON; '\\n'.join(map(str, prediction)) for CSV; "
              "raise ValueError for anything else."),
             check_output_fn),
    Exercise(8, 3, "inference", "model_fn and predict_fn", "script",
             "Complete the inference script `inference.py`: `model_fn(model_dir)` loads "
             "`model.npz` from the folder the endpoint extracted model.tar.gz into, and "
             "`predict_fn(input_data, model)` predicts. Deploy it locally with "
             "`estlab.workflow.Model(model_data=..., entry_point=\"inference.py\").deploy()`.",
             ("The server tells model_fn where the artifact is: use the argument.",
              "np.load(Path(model_dir) / 'model.npz', allow_pickle=False).",
              "predict: model['intercept'] + input_data @ model['coef'], a 1-D array."),
             check_inference),
]
