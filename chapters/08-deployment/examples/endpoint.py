# %% [markdown]
# # An endpoint: deploy, call over HTTP, serializers, boto3, latency, delete
#
# A logistic regression trained by the NumPy framework's default script, deployed to a local
# endpoint: a real HTTP server on 127.0.0.1, called through a Predictor, raw HTTP and boto3.

# %%
# --8<-- [start:train]
import json
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np

from estlab.workflow import LocalSession, NumPyEstimator

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")

rng = np.random.default_rng(0)
X = rng.normal(size=(400, 3))
y = (rng.random(400) < 1 / (1 + np.exp(-(0.5 + X @ [2.0, -1.0, 0.0])))).astype(int)
(root / "train").mkdir()
np.savetxt(root / "train" / "train.csv", np.column_stack([y, X]), delimiter=",",
           fmt="%.6g")

estimator = NumPyEstimator(hyperparameters={"estimator": "LogisticRegression"},
                           session=session)
estimator.fit({"train": str(root / "train")}, logs=False)
print("artifact:", estimator.model_data.rsplit("/", 3)[-3:])
# --8<-- [end:train]

# %%
# --8<-- [start:deploy]
predictor = estimator.deploy(initial_instance_count=1, instance_type="local")
print(type(predictor).__name__, predictor.endpoint_name)
print("url:", predictor.url)
print("status:", predictor.describe_endpoint()["EndpointStatus"])
print("predict:", predictor.predict(X[:5]), "true:", y[:5])
# --8<-- [end:deploy]

# %%
# --8<-- [start:http]
# The same endpoint, by hand: the container contract is two HTTP routes.
with urllib.request.urlopen(predictor.url + "/ping") as r:
    print("GET /ping ->", r.status)
request = urllib.request.Request(
    predictor.url + "/invocations", data=b"0.1,-1.2,0.5\n2.0,0.0,1.0\n", method="POST",
    headers={"Content-Type": "text/csv", "Accept": "application/json"})
with urllib.request.urlopen(request) as r:
    print("POST /invocations ->", r.status, r.headers["Content-Type"],
          r.read().decode())
# --8<-- [end:http]

# %%
# --8<-- [start:serializers]
# noqa: E402
from estlab.workflow import (CSVDeserializer, CSVSerializer, JSONDeserializer,
                             JSONSerializer, NumpyDeserializer, NumpySerializer,
                             Predictor)

pairs = [(NumpySerializer(), NumpyDeserializer()), (CSVSerializer(), CSVDeserializer()),
         (JSONSerializer(), JSONDeserializer())]
for serializer, deserializer in pairs:
    p = Predictor(predictor.endpoint_name, session, serializer=serializer,
                  deserializer=deserializer)
    body = serializer.serialize(X[:2])
    body = body if isinstance(body, bytes) else body.encode()
    print(f"{p.content_type:18} body {body[:26]!r:34} answer {p.predict(X[:2])!r}")
# --8<-- [end:serializers]

# %%
# --8<-- [start:errors]
def post(body, content_type, accept="application/json"):
    headers = {"Content-Type": content_type, "Accept": accept}
    request = urllib.request.Request(predictor.url + "/invocations", data=body,
                                     method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request) as r:
            return r.status, r.read().decode()
    # the JSON error body: its code and its whole message
    except urllib.error.HTTPError as err:
        answer = json.loads(err.read())
        return err.code, answer["error"], answer["error-message"]


# 415 Unsupported Media Type
for answer in (post(b"<xml/>", "application/xml"),
               post(b"1,2,3", "text/csv", accept="image/png"),  # 406 Not Acceptable
               post(b"1,2,oops", "text/csv")):                  # 400 Bad Request
    print(textwrap.fill(str(answer), width=88, subsequent_indent="  "))
print(post(b"1,2,3", "text/csv"))                         # and it keeps serving: 200
# --8<-- [end:errors]

# %%
# --8<-- [start:boto3]
import boto3  # noqa: E402

runtime = boto3.client("sagemaker-runtime", endpoint_url=predictor.url,
                       region_name="us-east-1",
                       # local: the credentials are not checked
                       aws_access_key_id="fake", aws_secret_access_key="fake")
response = runtime.invoke_endpoint(EndpointName=predictor.endpoint_name,
                                   Body=b"0.1,-1.2,0.5", ContentType="text/csv",
                                   Accept="application/json")
print(response["ResponseMetadata"]["HTTPStatusCode"], response["ContentType"],
      response["Body"].read().decode())
# --8<-- [end:boto3]

# %%
# --8<-- [start:latency]
csv_predictor = Predictor(predictor.endpoint_name, session, serializer=CSVSerializer(),
                          deserializer=JSONDeserializer())
latency = {}
for rows, repeats in ((1, 200), (200, 50)):
    batch = rng.normal(size=(rows, 3))
    csv_predictor.predict(batch)                           # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        csv_predictor.predict(batch)
        times.append(1e3 * (time.perf_counter() - start))
    latency[rows] = np.array(times)
    print(f"{rows:5d} rows per request: median {np.median(times):.2f} ms, "
          f"p99 {np.percentile(times, 99):.2f} ms")
# --8<-- [end:latency]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots(figsize=(7, 2.8))
bins = np.geomspace(min(t.min() for t in latency.values()),
                    max(t.max() for t in latency.values()), 40)
for rows, times in latency.items():
    ax.hist(times, bins=bins, alpha=0.7,
            label=f"{rows} row{'s' * (rows > 1)} per request")
ax.set_xscale("log")
ax.set_xlabel("round-trip time of predictor.predict (ms, log scale)")
ax.set_ylabel("requests")
ax.legend()
ax.set_title("Latency of a local endpoint (CSV in, JSON out)")
fig.tight_layout()
# --8<-- [end:figure]

# %%
# --8<-- [start:delete]
predictor.delete_endpoint()                                # stop the server process
try:
    csv_predictor.predict(X[:1])
except Exception as err:  # noqa: BLE001 - show whatever the session reports
    # The whole first line: a message cut short can say the opposite.
    first_line = str(err).splitlines()[0]
    print(textwrap.fill(f"{type(err).__name__}: {first_line}", width=88,
                        subsequent_indent="  "))
workdir.cleanup()
# --8<-- [end:delete]
