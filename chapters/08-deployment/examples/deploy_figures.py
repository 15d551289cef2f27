# %% [markdown]
# # What `deploy` creates, and what each handler receives and returns
#
# Two deployments of a hand-made model artifact. The first, with the NumPy framework's default
# script, is described and its container folder listed: the resources figure. The second
# serves an inference script whose four handlers do the usual work (CSV in, JSON out) and log
# one line each about what they received and returned: after one request, the endpoint's log
# gives the handler-chain figure.

# %%
# --8<-- [start:deploy]
import json
import tarfile
import tempfile
import textwrap
from pathlib import Path

import numpy as np

import estlab
from estlab.linear_model import LogisticRegression
from estlab.workflow import LocalSession, Model, NumPyModel

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")

rng = np.random.default_rng(3)
X = rng.normal(size=(300, 3))
y = (rng.random(300) < 1 / (1 + np.exp(-(X @ [1.5, -2.0, 0.5])))).astype(int)
(root / "model").mkdir()
estlab.save(LogisticRegression().fit(X, y), root / "model" / "model")
with tarfile.open(root / "model.tar.gz", "w:gz") as tar:    # what training leaves in S3
    for f in sorted((root / "model").iterdir()):
        tar.add(f, arcname=f.name)

model = NumPyModel(model_data=str(root / "model.tar.gz"), session=session)
predictor = model.deploy()          # CreateModel, CreateEndpointConfig, CreateEndpoint
endpoint = predictor.describe_endpoint()
opt_ml = session.root / "endpoints" / predictor.endpoint_name   # container's /opt/ml
container = sorted(p.relative_to(opt_ml).as_posix()
                   for p in (opt_ml / "model").rglob("*") if p.is_file())
print("Model:", model.name)
variant = endpoint["ProductionVariants"][0]
print("EndpointConfig:", endpoint["EndpointConfigName"],
      f"(variant {variant['VariantName']}, {variant['DesiredInstanceCount']} instance)")
print("Endpoint:", predictor.endpoint_name, endpoint["EndpointStatus"])
print("/opt/ml/model:", *container)
predictor.delete_endpoint()
# --8<-- [end:deploy]

# %%
# --8<-- [start:resources]
import textwrap  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

# 3.2 in wide: with the SVG's margins a phone's column holds it at natural size, so the
# labels are body-text size on any screen. A line of 12 pt monospace holds 30 chars.
WIDTH, CHARS = 3.2, 30


def box(ax, y, title, lines, colour, x=0.02, width=WIDTH - 0.04):
    """A rounded box: bold title over monospace lines, a long one wrapped (1 unit =
    1 inch). Bottom y."""
    lines = [part for line in lines
             for part in textwrap.wrap(line, CHARS, subsequent_indent="  ")]
    height = 0.42 + 0.25 * len(lines)
    ax.add_patch(FancyBboxPatch((x, y - height), width, height, facecolor=colour,
                                boxstyle="round,pad=0.02,rounding_size=0.1", lw=1.2))
    ax.text(x + 0.1, y - 0.2, title, va="center", fontweight="bold")
    for i, line in enumerate(lines):
        ax.text(x + 0.1, y - 0.48 - 0.25 * i, line, va="center", family="monospace")
    return y - height


def two_lines(name):
    """A resource name on two lines: its base, then the timestamp SageMaker appended."""
    stamp = name.index("-20") + 1
    return [name[:stamp], "  " + name[stamp:]]


def arrow(ax, y, label="", x=0.8, length=0.4):
    """A downward arrow from y with a label on its right; its end."""
    ax.add_patch(FancyArrowPatch((x, y), (x, y - length), arrowstyle="-|>",
                                 mutation_scale=14, lw=1.2))
    ax.text(x + 0.12, y - length / 2, label, va="center", style="italic")
    return y - length


def canvas(height):
    fig = plt.figure(figsize=(WIDTH, height))
    ax = fig.add_axes((0, 0, 1, 1))         # the axes fill the figure: 1 unit = 1 inch
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, height)
    ax.axis("off")
    return fig, ax


name = model.name
fig, ax = canvas(8.0)
y = box(ax, 7.95, "Model", [*two_lines(name), "model_data: .../model.tar.gz",
                            "image + serving script"], "#ffb74d")
y = box(ax, arrow(ax, y, "named by"), "EndpointConfig", [
    *two_lines(endpoint["EndpointConfigName"]),
    f"variant {variant['VariantName']}: {variant['DesiredInstanceCount']} instance"],
    "#fff59d")
y = box(ax, arrow(ax, y, "used by"), f"Endpoint ({endpoint['EndpointStatus']})", [
    *two_lines(name), "https://runtime.sagemaker.", "  <region>.amazonaws.com",
    "  /endpoints/<name>", "  /invocations"], "#e57373")
box(ax, arrow(ax, y, "runs on each instance"), "container: model server", [
    "model.tar.gz unpacked in", "/opt/ml/model/",
    *(f"  {path.removeprefix('model/')}" for path in container),
    "port 8080: GET /ping,", "  POST /invocations"], "#c5cae9")
# --8<-- [end:resources]

# %%
# --8<-- [start:trace]
INFERENCE = '''
import json, os
import numpy as np
import estlab


def what(value):                          # a short description of a handler's argument
    if isinstance(value, np.ndarray):
        return f"ndarray {value.shape} {value.dtype}"
    if isinstance(value, (bytes, str)) and len(value) > 30:
        return f"{type(value).__name__}, {len(value)} characters"
    if isinstance(value, (bytes, str)):
        return repr(value)
    return type(value).__name__


def trace(name, received, returned):      # one line in the endpoint's log
    line = {"fn": name, "received": [what(v) for v in received],
            "returned": [what(v) for v in returned]}
    print("TRACE", json.dumps(line), flush=True)


def model_fn(model_dir):                  # model_dir is /opt/ml/model
    model = estlab.load(os.path.join(model_dir, "model"))
    trace("model_fn", [" ".join(sorted(os.listdir(model_dir)))], [model])
    return model


def input_fn(body, content_type):
    data = np.loadtxt(body.splitlines(), delimiter=",", ndmin=2)
    trace("input_fn", [body, content_type], [data])
    return data


def predict_fn(data, model):
    prediction = model.predict_proba(data)[:, 1]
    trace("predict_fn", [data, model], [prediction])
    return prediction


def output_fn(prediction, accept):
    body = json.dumps(np.round(prediction, 3).tolist())
    trace("output_fn", [prediction, accept], [body, "application/json"])
    return body, "application/json"
'''
(root / "code").mkdir()
(root / "code" / "inference.py").write_text(textwrap.dedent(INFERENCE))
traced = Model(model_data=str(root / "model.tar.gz"), entry_point="inference.py",
              source_dir=str(root / "code"), session=session)
predictor = traced.deploy()
body = b"0.1,-1.2,0.5\n2.0,0.0,1.0\n1.5,0.3,-0.7\n"
answer, answer_type = session.invoke_endpoint(predictor.endpoint_name, body,
                                              "text/csv", "application/json")
print(f"request: {len(body)} bytes text/csv -> {answer_type} {answer.decode()}")
predictor.delete_endpoint()                 # the log stays, as in CloudWatch
log = session.root / "logs" / "endpoints" / f"{predictor.endpoint_name}.log"
calls = {}                                  # handler -> its last TRACE line
for line in log.read_text().splitlines():
    if line.startswith("TRACE "):
        call = json.loads(line.removeprefix("TRACE "))
        calls[call["fn"]] = call
for name in ("model_fn", "input_fn", "predict_fn", "output_fn"):
    print(f"{name:<10} got {calls[name]['received']}")
    print(f"{'':<10} -> {calls[name]['returned']}")
# --8<-- [end:trace]

# %%
# --8<-- [start:handlers]
fig2, ax = canvas(9.25)
model_dir = calls["model_fn"]["received"][0].strip("'")
y = box(ax, 9.2, "model_fn: at start-up", [
    "model_dir: /opt/ml/model", f"  {model_dir}",
    "-> " + calls["model_fn"]["returned"][0]], "#eeeeee")
y = box(ax, y - 0.25, "request: POST /invocations", [
    f"body: {len(body)} bytes", "Content-Type: text/csv", "Accept: application/json"],
    "#ffffff")
handlers = {"input_fn": ("body", "content_type"), "predict_fn": ("data", "model"),
            "output_fn": ("prediction", "accept")}
for fn, args in handlers.items():
    got, gave = calls[fn]["received"], calls[fn]["returned"]
    y = box(ax, arrow(ax, y), f"{fn}({', '.join(args)})", [
        *(f"{arg}: {value}" for arg, value in zip(args, got)),
        *(("-> ", "   ")[i > 0] + value for i, value in enumerate(gave))], "#c5cae9")
box(ax, arrow(ax, y), "response: 200", [f"Content-Type: {answer_type}",
                                         f"body: {answer.decode()}"], "#ffffff")
workdir.cleanup()
# --8<-- [end:handlers]
