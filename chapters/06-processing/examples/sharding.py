# %% [markdown]
# # Several processing instances: FullyReplicated against ShardedByS3Key
#
# Six monthly export files, three processing instances. With FullyReplicated every instance
# receives every file; with ShardedByS3Key each file goes to exactly one instance, so the
# instances can share the work.

# %%
# --8<-- [start:setup]
import json
import tempfile
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from estlab.datasets import make_tutorial_rows
from estlab.workflow import (LocalSession, ProcessingInput, ProcessingOutput,
                             ScriptProcessor)

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")
header, rows = make_tutorial_rows(n=600, random_state=1)
months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
# six "monthly exports" of 100 customers each
for k, month in enumerate(months):
    lines = [",".join(header)] + [",".join(r) for r in rows[100 * k:100 * (k + 1)]]
    (root / "raw" / f"churn-{month}.csv").parent.mkdir(exist_ok=True)
    (root / "raw" / f"churn-{month}.csv").write_text("\n".join(lines) + "\n")

# Each instance reports which files it received, and which host it is.
code = root / "code" / "inventory.py"
code.parent.mkdir()
code.write_text(textwrap.dedent('''
    import argparse, json
    from pathlib import Path
    p = argparse.ArgumentParser()
    p.add_argument("--input"); p.add_argument("--output"); p.add_argument("--resources")
    args = p.parse_args()
    host = json.loads(Path(args.resources).read_text())["current_host"]
    files = sorted(f.name for f in Path(args.input).glob("*.csv"))
    Path(args.output, f"{host}.json").write_text(json.dumps(files))
    print(host, "received", len(files), "files")
'''))
# --8<-- [end:setup]

# %%
# --8<-- [start:run]
received = {}
for distribution in ("FullyReplicated", "ShardedByS3Key"):
    processor = ScriptProcessor(instance_count=3, session=session,
                                base_job_name="inventory")
    processor.run(
        code=str(code),
        inputs=[ProcessingInput(str(root / "raw"), "/opt/ml/processing/input",
                                s3_data_distribution_type=distribution)],
        outputs=[ProcessingOutput("/opt/ml/processing/report",
                                  destination=str(root / "bucket" / distribution))],
        arguments=["--input", "/opt/ml/processing/input",
                   "--output", "/opt/ml/processing/report",
                   "--resources", "/opt/ml/config/resourceconfig.json"],
        logs=False)
    reports = sorted((root / "bucket" / distribution).glob("*.json"))
    received[distribution] = {p.stem: json.loads(p.read_text()) for p in reports}
    print(distribution,
          {host: len(files) for host, files in received[distribution].items()})
workdir.cleanup()
# --8<-- [end:run]

# %%
# --8<-- [start:figure]
hosts = ["algo-1", "algo-2", "algo-3"]
fig, axes = plt.subplots(1, 2, figsize=(8, 2.6), sharey=True)
for ax, (distribution, by_host) in zip(axes, received.items()):
    grid = np.array([[f"churn-{m}.csv" in by_host[h] for m in months] for h in hosts],
                    dtype=float)
    ax.imshow(grid, cmap="Blues", vmin=0, vmax=1.3, aspect="auto")
    ax.set_xticks(range(len(months)), [m[5:] for m in months])
    ax.set_yticks(range(3), hosts)
    ax.set_xlabel("input file (month)")
    ax.set_title(f"{distribution}: {int(grid.sum())} copies")
    for (i, j), v in np.ndenumerate(grid):
        ax.text(j, i, "✓" if v else "", ha="center", va="center", color="white")
fig.tight_layout()
# --8<-- [end:figure]

# %%
if __name__ == "__main__":
    print("files per host:", {d: [len(v) for v in r.values()] for d, r in received.items()})
