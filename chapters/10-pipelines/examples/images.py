# %% [markdown]
# # Pipeline 1: image classification
#
# raw PGM images in class folders -> processing job (decode, scale, flatten, split)
# -> softmax regression training job -> real-time endpoint -> predictions.

# %%
# --8<-- [start:raw]
import json
import tempfile
import textwrap
from pathlib import Path

import numpy as np

from estlab.datasets import SHAPE_CLASSES, write_image_folder
from estlab.workflow import (LocalSession, NumPyEstimator, ProcessingInput,
                             ProcessingOutput, ScriptProcessor)

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")
raw = write_image_folder(root / "raw" / "shapes", n=320, noise=0.25, random_state=0)
print({c: len(list((raw / c).iterdir())) for c in SHAPE_CLASSES}, "images, e.g.",
      next((raw / "cross").iterdir()).read_bytes()[:14])
# --8<-- [end:raw]

# %%
# --8<-- [start:process]
PREPARE = '''
import argparse, json
from pathlib import Path
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--input"); p.add_argument("--train"); p.add_argument("--test")
p.add_argument("--test-fraction", type=float, default=0.25)
args = p.parse_args()

def read_pgm(path):                              # binary PGM: "P5 w h 255" + bytes
    data = path.read_bytes()
    magic, w, h, maxval = data.split(maxsplit=4)[:4]
    pixels = np.frombuffer(data[-int(w) * int(h):], dtype=np.uint8)
    return pixels.reshape(int(h), int(w)) / float(maxval)

classes = sorted(d.name for d in Path(args.input).iterdir() if d.is_dir())
rows = []
for label, name in enumerate(classes):
    for f in sorted((Path(args.input) / name).glob("*.pgm")):
        image = read_pgm(f)
        # per-image contrast normalisation
        image = (image - image.mean()) / (image.std() + 1e-8)
        rows.append([label, *image.ravel()])                     # 8x8 -> 64 features
rows = np.array(rows)
test = np.random.default_rng(0).random(len(rows)) < args.test_fraction
for folder, part in ((args.train, rows[~test]), (args.test, rows[test])):
    Path(folder).mkdir(parents=True, exist_ok=True)
    np.savetxt(Path(folder) / "images.csv", part, delimiter=",", fmt="%.5g")
Path(args.train, "classes.json").write_text(json.dumps(classes))
print(f"{len(rows)} images, {len(classes)} classes, {int(test.sum())} held out")
'''
(root / "code").mkdir()
(root / "code" / "prepare_images.py").write_text(textwrap.dedent(PREPARE))

processor = ScriptProcessor(command=["python3"], session=session,
                            base_job_name="prepare-images")
processor.run(code=str(root / "code" / "prepare_images.py"),
              # not /opt/ml/processing/input itself: the script arrives in
              # .../input/code
              inputs=[ProcessingInput(str(raw), "/opt/ml/processing/input/images")],
              outputs=[ProcessingOutput(f"/opt/ml/processing/{name}", output_name=name)
                       for name in ("train", "test")],
              arguments=["--input", "/opt/ml/processing/input/images",
                         "--train", "/opt/ml/processing/train",
                         "--test", "/opt/ml/processing/test"],
              logs=False)
clean = {o.output_name: o.destination for o in processor.latest_job.outputs}
print(processor.latest_job.describe()["ProcessingJobStatus"], "->", sorted(clean))
# --8<-- [end:process]

# %%
# --8<-- [start:train]
estimator = NumPyEstimator(
    hyperparameters={"estimator": "SoftmaxRegression", "alpha": 0.05},
    session=session, base_job_name="shapes-softmax")
estimator.fit({"train": clean["train"], "validation": clean["test"]}, logs=False)
metrics = estimator.latest_training_job.describe()["FinalMetricDataList"]
print({m["MetricName"]: round(m["Value"], 3) for m in metrics
       if "accuracy" in m["MetricName"]})
# --8<-- [end:train]

# %%
# --8<-- [start:serve]
predictor = estimator.deploy()                       # a real-time endpoint on 127.0.0.1
test_dir = Path(clean["test"].removeprefix("file://"))
test = np.loadtxt(test_dir / "images.csv", delimiter=",")
X_test, y_test = test[:, 1:], test[:, 0].astype(int)
predicted = np.asarray(predictor.predict(X_test)).astype(int)
predictor.delete_endpoint()
train_dir = Path(clean["train"].removeprefix("file://"))
classes = json.loads((train_dir / "classes.json").read_text())
accuracy = round(float(np.mean(predicted == y_test)), 3)
print("test accuracy:", accuracy, "on", len(y_test), "images")
confusion = np.zeros((4, 4), dtype=int)
np.add.at(confusion, (y_test, predicted), 1)
print("confusion matrix (rows: truth, columns: prediction), classes", classes)
print(confusion)
workdir.cleanup()
# --8<-- [end:serve]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt  # noqa: E402

fig, axes = plt.subplots(2, 8, figsize=(8, 2.6))
for ax, i in zip(axes.ravel(), range(16)):
    ax.imshow(X_test[i].reshape(8, 8), cmap="gray")
    ok = predicted[i] == y_test[i]
    ax.set_title(classes[predicted[i]], fontsize=8, color="k" if ok else "red")
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("Test images (normalised) with the endpoint's answers; red = wrong",
             fontsize=9)
fig.tight_layout()
# --8<-- [end:figure]
