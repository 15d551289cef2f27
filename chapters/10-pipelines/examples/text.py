# %% [markdown]
# # Pipeline 2: text classification
#
# raw reviews (CSV) -> processing job (tokenise, vocabulary, bag of words, split)
# -> logistic regression training job -> batch transform over the held-out reviews.

# %%
# --8<-- [start:raw]
import json
import tarfile
import tempfile
import textwrap
from pathlib import Path

import numpy as np

from estlab.datasets import write_reviews_csv
from estlab.workflow import (LocalSession, NumPyEstimator, ProcessingInput,
                             ProcessingOutput, ScriptProcessor)

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")
raw = write_reviews_csv(root / "raw" / "reviews.csv", n=500, flip=0.05, random_state=0)
print("\n".join(textwrap.shorten(line, width=88, placeholder=" ...")
                for line in raw.read_text().splitlines()[:3]))
# --8<-- [end:raw]

# %%
# --8<-- [start:process]
TOKENISE = '''
import argparse, collections, csv, json, re
from pathlib import Path
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--input"); p.add_argument("--train"); p.add_argument("--score")
p.add_argument("--labels"); p.add_argument("--vocab")
p.add_argument("--min-count", type=int, default=3)
p.add_argument("--test-fraction", type=float, default=0.3)
args = p.parse_args()

def tokens(text):                                    # lower case, letters only
    return re.findall(r"[a-z]+", text.lower())

with open(Path(args.input) / "reviews.csv", newline="") as f:
    records = list(csv.DictReader(f))
test = np.random.default_rng(0).random(len(records)) < args.test_fraction
# the vocabulary comes from the training reviews only: the test set stays unseen
counts = collections.Counter(t for r, held in zip(records, test) if not held
                             for t in set(tokens(r["text"])))
vocab = sorted(w for w, c in counts.items() if c >= args.min_count)
index = {w: j for j, w in enumerate(vocab)}

def bag(text):                                       # 1 if the word occurs, else 0
    x = np.zeros(len(vocab))
    for t in tokens(text):
        if t in index:
            x[index[t]] = 1.0
    return x

X = np.array([bag(r["text"]) for r in records])
y = np.array([int(r["sentiment"]) for r in records])
for folder in (args.train, args.score, args.labels, args.vocab):
    Path(folder).mkdir(parents=True, exist_ok=True)
np.savetxt(Path(args.train) / "train.csv", np.column_stack([y[~test], X[~test]]),
           delimiter=",", fmt="%g")
# no label
np.savetxt(Path(args.score) / "reviews.csv", X[test], delimiter=",", fmt="%g")
np.savetxt(Path(args.labels) / "labels.csv", y[test], fmt="%d")
Path(args.vocab, "vocabulary.json").write_text(json.dumps(vocab))
print(f"{len(records)} reviews, vocabulary of {len(vocab)} words, "
      f"{int(test.sum())} to score")
'''
(root / "code").mkdir()
(root / "code" / "tokenise.py").write_text(textwrap.dedent(TOKENISE))

outputs = ("train", "score", "labels", "vocab")
processor = ScriptProcessor(command=["python3"], session=session,
                            base_job_name="tokenise")
processor.run(code=str(root / "code" / "tokenise.py"),
              inputs=[ProcessingInput(str(raw.parent),
                                      "/opt/ml/processing/input/reviews")],
              outputs=[ProcessingOutput(f"/opt/ml/processing/{name}", output_name=name)
                       for name in outputs],
              arguments=["--input", "/opt/ml/processing/input/reviews",
                         *[arg for name in outputs
                           for arg in (f"--{name}", f"/opt/ml/processing/{name}")]],
              logs=False)
clean = {o.output_name: o.destination for o in processor.latest_job.outputs}
print(processor.latest_job.describe()["ProcessingJobStatus"], "->", sorted(clean))
# --8<-- [end:process]

# %%
# --8<-- [start:train]
estimator = NumPyEstimator(
    hyperparameters={"estimator": "LogisticRegression", "alpha": 0.02},
    session=session, base_job_name="reviews-logistic")
estimator.fit({"train": clean["train"]}, logs=False)
metrics = estimator.latest_training_job.describe()["FinalMetricDataList"]
print({m["MetricName"]: round(m["Value"], 3) for m in metrics})
# --8<-- [end:train]

# %%
# --8<-- [start:transform]
transformer = estimator.transformer(strategy="MultiRecord", assemble_with="Line",
                                    accept="text/csv",
                                    output_path=str(root / "predictions"))
transformer.transform(clean["score"], content_type="text/csv", split_type="Line",
                      logs=False)
predicted = np.loadtxt(root / "predictions" / "reviews.csv.out")
labels = np.loadtxt(Path(clean["labels"].removeprefix("file://")) / "labels.csv")
print(transformer.latest_transform_job.describe()["TransformJobStatus"], "|",
      len(predicted), "reviews scored, accuracy",
      round(float(np.mean(predicted == labels)), 3))
# --8<-- [end:transform]

# %%
# --8<-- [start:words]
import estlab  # noqa: E402

with tarfile.open(estimator.model_data.removeprefix("file://")) as tar:
    # the artifact, as model_fn would see it
    tar.extractall(root / "model", filter="data")
model = estlab.load(root / "model" / "model")
vocab_dir = Path(clean["vocab"].removeprefix("file://"))
vocab = json.loads((vocab_dir / "vocabulary.json").read_text())
coef = np.ravel(model.coef_)
order = np.argsort(coef)
print("most negative:", [vocab[j] for j in order[:6]])
print("most positive:", [vocab[j] for j in order[-6:][::-1]])
workdir.cleanup()
# --8<-- [end:words]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt  # noqa: E402

top = np.concatenate([order[:8], order[-8:]])
fig, ax = plt.subplots(figsize=(7, 3.4))
ax.barh(range(len(top)), coef[top], color=["C3" if c < 0 else "C2" for c in coef[top]])
ax.set_yticks(range(len(top)), [vocab[j] for j in top], fontsize=8)
ax.axvline(0, color="k", lw=0.6)
ax.set_xlabel("coefficient (change in log-odds of a positive review "
              "when the word occurs)")
ax.set_title("The words the bag-of-words logistic regression relies on")
fig.tight_layout()
# --8<-- [end:figure]
