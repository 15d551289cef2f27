# %% [markdown]
# # Your own inference handlers: model_fn, input_fn, predict_fn, output_fn
#
# A model artifact made by hand (estlab.save, then tar), and an inference script that accepts
# named fields as JSON and answers with churn probabilities.

# %%
# --8<-- [start:artifact]
import json
import tarfile
import tempfile
import textwrap
from pathlib import Path

import numpy as np

import estlab
from estlab.linear_model import LogisticRegression
from estlab.workflow import JSONDeserializer, JSONSerializer, LocalSession, Model

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")

# What a training job leaves in /opt/ml/model, packed as SageMaker packs it.
rng = np.random.default_rng(3)
X = rng.normal(size=(300, 2))
y = (rng.random(300) < 1 / (1 + np.exp(-(X @ [1.5, -2.0])))).astype(int)
(root / "model").mkdir()
estlab.save(LogisticRegression().fit(X, y), root / "model" / "model")
with tarfile.open(root / "model.tar.gz", "w:gz") as tar:
    for f in sorted((root / "model").iterdir()):
        tar.add(f, arcname=f.name)
    print("model.tar.gz:", tar.getnames())
# --8<-- [end:artifact]

# %%
# --8<-- [start:script]
INFERENCE = '''
import json, os
import numpy as np
import estlab

FEATURES = ["tenure", "charges"]


class UnsupportedMediaType(ValueError):
    status_code = 415                     # the server answers with this HTTP status


def model_fn(model_dir):                  # once, when the server starts
    print("model_fn: loading from", os.path.basename(model_dir))
    return estlab.load(os.path.join(model_dir, "model"))


def input_fn(body, content_type):         # every request: bytes/str -> model input
    if content_type != "application/json":
        raise UnsupportedMediaType(f"send application/json, not {content_type}")
    records = json.loads(body)["customers"]
    return np.array([[r[name] for name in FEATURES] for r in records], dtype=float)


def predict_fn(X, model):                 # every request: the model's work
    return model.predict_proba(X)[:, 1]


def output_fn(p, accept):                 # every request: prediction -> body and type
    body = json.dumps({"churn_probability": np.round(p, 3).tolist()})
    return body, "application/json"
'''
(root / "code").mkdir()
(root / "code" / "inference.py").write_text(textwrap.dedent(INFERENCE))
# --8<-- [end:script]

# %%
# --8<-- [start:deploy]
model = Model(model_data=str(root / "model.tar.gz"), entry_point="inference.py",
              source_dir=str(root / "code"), session=session)
predictor = model.deploy(serializer=JSONSerializer(), deserializer=JSONDeserializer())
answer = predictor.predict({"customers": [{"tenure": 2.0, "charges": -1.0},
                                          {"tenure": -1.0, "charges": 1.5}]})
print(answer)
# --8<-- [end:deploy]

# %%
# --8<-- [start:check]
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402

request = urllib.request.Request(predictor.url + "/invocations", data=b"2.0,-1.0",
                                 headers={"Content-Type": "text/csv"}, method="POST")
try:
    urllib.request.urlopen(request)
except urllib.error.HTTPError as err:
    print(err.code, json.loads(err.read())["error-message"])
predictor.delete_endpoint()
workdir.cleanup()
# --8<-- [end:check]
