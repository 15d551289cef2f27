# %% [markdown]
# # How a transform job packs records into requests
#
# A file of twelve long records (CSV lines of a few hundred kilobytes) goes through three real
# transform jobs: SingleRecord, MultiRecord with MaxPayloadInMB=1, and the same without
# AssembleWith. The model is a probe: its handlers answer, for every record, which request it
# arrived in and how large that request was, so the .out files show the packing.

# %%
# --8<-- [start:probe]
import tarfile
import tempfile
import textwrap
from pathlib import Path

import numpy as np

from estlab.workflow import LocalSession, Model

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")

# Twelve records: an id, then 25,000 to 60,000 values (120 to 330 KB per line).
rng = np.random.default_rng(4)
lines = [f"{i}," + ",".join(f"{v:.2f}" for v in rng.gamma(2.0, 10.0, size=m))
         for i, m in enumerate(rng.integers(25_000, 60_000, size=12))]
(root / "batch").mkdir()
(root / "batch" / "long.csv").write_text("\n".join(lines) + "\n")
sizes = np.array([len(line) + 1 for line in lines])          # bytes, with the newline
print(f"long.csv: {len(lines)} records, {sizes.sum() / 2**20:.2f} MB "
      f"({sizes.min() / 1e3:.0f} to {sizes.max() / 1e3:.0f} KB per record)")

# The probe answers, per record: "id, first id of its request, records in it, bytes".
PROBE = '''
def model_fn(model_dir):
    return None                                   # nothing to load


def input_fn(body, content_type):                 # one request: one or several records
    text = body.decode() if isinstance(body, bytes) else body   # text arrives as str
    return len(text.encode()), [line.split(",", 1)[0] for line in text.splitlines()]


def predict_fn(data, model):
    size, ids = data
    return [f"{i},{ids[0]},{len(ids)},{size}" for i in ids]


def output_fn(rows, accept):                      # no newline after the last row
    return "\\n".join(rows), "text/csv"
'''
(root / "code").mkdir()
(root / "code" / "probe.py").write_text(textwrap.dedent(PROBE))
with tarfile.open(root / "model.tar.gz", "w:gz") as tar:   # an artifact: just the code
    tar.add(root / "code", arcname="code")
model = Model(model_data=str(root / "model.tar.gz"), entry_point="probe.py",
              source_dir=str(root / "code"), session=session)
# --8<-- [end:probe]

# %%
# --8<-- [start:jobs]
runs = {"SingleRecord": dict(strategy="SingleRecord", assemble_with="Line"),
        "MultiRecord": dict(strategy="MultiRecord", assemble_with="Line"),
        "MultiRecord, no AssembleWith": dict(strategy="MultiRecord",
                                             assemble_with="None")}
out = {}
for name, settings in runs.items():
    folder = root / name.replace(", ", "-").replace(" ", "-")
    job = model.transformer(max_payload=1, accept="text/csv", output_path=str(folder),
                            **settings)
    job.transform(str(root / "batch"), content_type="text/csv", split_type="Line",
                  logs=False)
    out[name] = (folder / "long.csv.out").read_text()
requests = {}                        # name -> [(first record, records, bytes), ...]
for name in ("SingleRecord", "MultiRecord"):
    rows = [tuple(int(v) for v in line.split(",")) for line in out[name].splitlines()]
    requests[name] = sorted({row[1:] for row in rows})
    print(f"{name}: {len(requests[name])} requests, records per request "
          f"{[n for _, n, _ in requests[name]]}")
print("MultiRecord request sizes (MB):",
      [round(b / 2**20, 3) for _, _, b in requests["MultiRecord"]], "limit 1 MB")
# --8<-- [end:jobs]

# %%
# --8<-- [start:assemble]
first = requests["MultiRecord"][1][0]           # the first record of the second request
for name in ("MultiRecord", "MultiRecord, no AssembleWith"):
    text = out[name]
    at = text.index(f"\n{first - 1},")          # the last line of the first response
    print(f"{name}:\n  {text[at + 1:].splitlines()[:2]}")
# --8<-- [end:assemble]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

top = np.concatenate([[0], np.cumsum(sizes)]) / 2**20   # record boundaries in MB
columns = [("input file", None), ("SingleRecord\nrequests", "SingleRecord"),
           ("MultiRecord\nrequests", "MultiRecord"),
           (".out file\n(Line)", "MultiRecord")]


def packing(per_row, height):
    """The four columns, ``per_row`` side by side (4 on a page, 2 on a phone), each
    drawing the whole file ``height`` inches tall."""
    rows = len(columns) // per_row
    fig, axes = plt.subplots(rows, 1, figsize=(1.6 * per_row, rows * (height + 0.9)),
                             squeeze=False)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.99, hspace=0.02)
    pt_per_mb = 72 * height / top[-1]
    for x, (title, name) in enumerate(columns):
        ax, left = axes[x // per_row, 0], (x % per_row) * 1.7
        ax.text(left + 0.65, -0.04, title, ha="center", va="bottom")
        groups = ([(i, 1) for i in range(len(lines))] if name is None else
                  [(i, n) for i, n, _ in requests[name]])
        for k, (i, n) in enumerate(groups):
            y0, y1 = top[i], top[i + n]
            colour = "white" if name is None else f"C{k % 10}"
            ax.add_patch(Rectangle((left, y0), 1.3, y1 - y0, lw=1, edgecolor="black",
                                   facecolor=colour, alpha=1 if name is None else 0.55))
            if x == 0:
                label = f"record {i}"
            elif x == 2:
                label = f"{n} record{'s' * (n > 1)}\n{y1 - y0:.2f} MB"
            elif x == 3:
                label = f"lines {i}-{i + n - 1}" if n > 1 else f"line {i}"
                ax.text(left + 1.38, y1, r"+ \n", va="bottom", family="monospace")
            else:
                label = ""
            if label and (y1 - y0) * pt_per_mb < 32:     # no room for two lines of text
                label = label.split("\n")[0]
            ax.text(left + 0.65, (y0 + y1) / 2, label, ha="center", va="center")
    for ax in axes[:, 0]:
        ax.set_xlim(-0.05, per_row * 1.7 + 0.1)
        ax.set_ylim(top[-1] + 0.02, -0.3)             # a file reads from the top down
        ax.axis("off")
    return fig


fig, fig_narrow = packing(4, 6.6), packing(2, 4.6)   # a page's drawing and a phone's
workdir.cleanup()
# --8<-- [end:figure]
