# %% [markdown]
# # Pipeline 3: time-series forecasting
#
# daily order counts (CSV) -> custom processing job (lag and calendar features, time-ordered
# split) -> Poisson regression training job -> real-time endpoint -> next-day forecasts.

# %%
# --8<-- [start:raw]
import tempfile
import textwrap
from pathlib import Path

import numpy as np

from estlab.datasets import write_counts_csv
from estlab.workflow import (JSONDeserializer, JSONSerializer, LocalSession,
                             NumPyEstimator, ProcessingInput, ProcessingOutput,
                             ScriptProcessor)

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")
raw = write_counts_csv(root / "raw" / "orders.csv", n_days=730, random_state=0)
print("\n".join(raw.read_text().splitlines()[:4]))
# --8<-- [end:raw]

# %%
# --8<-- [start:process]
MAKE_LAGS = '''
import argparse, csv, datetime
from pathlib import Path
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--input"); p.add_argument("--train"); p.add_argument("--test")
p.add_argument("--test-days", type=int, default=84)
args = p.parse_args()

with open(Path(args.input) / "orders.csv", newline="") as f:
    rows = list(csv.DictReader(f))
y = np.array([float(r["orders"]) for r in rows])
weekday = np.array([datetime.date.fromisoformat(r["date"]).weekday() for r in rows])

# Features for day t use only days before t: nothing from the future leaks in.
features = []
for t in range(28, len(y)):
    lags = np.log1p([y[t - 1], y[t - 7], y[t - 14], y[t - 28:t].mean()])
    calendar = np.eye(7)[weekday[t]][1:]          # weekday dummies (Monday = base)
    features.append([y[t], *lags, *calendar])
features = np.array(features)
# A time-ordered split: the last weeks are the future the model is judged on.
train, test = features[:-args.test_days], features[-args.test_days:]
for folder, part in ((args.train, train), (args.test, test)):
    Path(folder).mkdir(parents=True, exist_ok=True)
    np.savetxt(Path(folder) / "lags.csv", part, delimiter=",", fmt="%.6g")
print(f"{len(train)} training days, {len(test)} test days, "
      f"{features.shape[1] - 1} features")
'''
(root / "code").mkdir()
(root / "code" / "make_lags.py").write_text(textwrap.dedent(MAKE_LAGS))

processor = ScriptProcessor(command=["python3"], session=session,
                            base_job_name="make-lags")
processor.run(code=str(root / "code" / "make_lags.py"),
              inputs=[ProcessingInput(str(raw.parent),
                                      "/opt/ml/processing/input/orders")],
              outputs=[ProcessingOutput(f"/opt/ml/processing/{name}", output_name=name)
                       for name in ("train", "test")],
              arguments=["--input", "/opt/ml/processing/input/orders",
                         "--train", "/opt/ml/processing/train",
                         "--test", "/opt/ml/processing/test"],
              logs=False)
clean = {o.output_name: o.destination for o in processor.latest_job.outputs}
print(processor.latest_job.describe()["ProcessingJobStatus"], "->", sorted(clean))
# --8<-- [end:process]

# %%
# --8<-- [start:train]
estimator = NumPyEstimator(hyperparameters={"estimator": "PoissonRegression"},
                           session=session, base_job_name="orders-poisson")
estimator.fit({"train": clean["train"], "validation": clean["test"]}, logs=False)
metrics = estimator.latest_training_job.describe()["FinalMetricDataList"]
print({m["MetricName"]: round(m["Value"], 3) for m in metrics
       if "rmse" in m["MetricName"]})
# --8<-- [end:train]

# %%
# --8<-- [start:serve]
predictor = estimator.deploy(serializer=JSONSerializer(),
                             deserializer=JSONDeserializer())
test_dir = Path(clean["test"].removeprefix("file://"))
test = np.loadtxt(test_dir / "lags.csv", delimiter=",")
y_test, X_test = test[:, 0], test[:, 1:]
print("tomorrow, from today's features:", predictor.predict(X_test[:1].tolist()))
forecast = np.array(predictor.predict(X_test.tolist()))       # one request, 84 days
predictor.delete_endpoint()

naive = np.expm1(X_test[:, 1])                                 # "same as a week ago"
for name, f in (("Poisson regression", forecast), ("same day last week", naive)):
    print(f"{name:19}: RMSE {np.sqrt(np.mean((y_test - f) ** 2)):.2f}, "
          f"MAE {np.mean(np.abs(y_test - f)):.2f} orders/day")
train_dir = Path(clean["train"].removeprefix("file://"))
train = np.loadtxt(train_dir / "lags.csv", delimiter=",")
history = train[-56:, 0]
workdir.cleanup()
# --8<-- [end:serve]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots(figsize=(8, 3))
t_hist = np.arange(-len(history), 0)
t_test = np.arange(len(y_test))
ax.plot(t_hist, history, color="0.5", lw=1, label="training data (last 8 weeks)")
ax.plot(t_test, y_test, color="k", lw=1, label="actual orders")
ax.plot(t_test, forecast, color="C1", lw=1.5, label="endpoint's next-day forecast")
ax.plot(t_test, naive, color="C0", lw=0.8, ls="--", label="same day last week")
ax.axvline(-0.5, color="k", lw=0.6, ls=":")
ax.set_xlabel("day (0 = first test day)")
ax.set_ylabel("orders per day")
ax.legend(fontsize=7, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.3),
          frameon=False)
ax.set_title("Forecasts for the 12 held-out weeks")
fig.tight_layout()
# --8<-- [end:figure]
