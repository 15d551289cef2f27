# %% [markdown]
# # The four components, end to end, on this machine
#
# Raw data -> Processor -> cleaned data -> Estimator -> Model -> Predictor, with estlab's local
# session: every job runs as a real process in a folder laid out like a SageMaker container's
# /opt/ml, and the endpoint is a real HTTP server on 127.0.0.1. No Docker, no AWS account.

# %%
# --8<-- [start:setup]
import tempfile
from pathlib import Path

import numpy as np

from estlab.datasets import write_tutorial_csv
from estlab.workflow import (LocalSession, NumPyEstimator, NumPyProcessor,
                             ProcessingInput, ProcessingOutput)

# removed at the end of the example
workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
# plays the role of S3 + SageMaker
session = LocalSession(root=root / "sagemaker")
# "raw data in S3"
raw = write_tutorial_csv(root / "raw" / "churn.csv", n=400, random_state=0)
print("\n".join(raw.read_text().splitlines()[:3]))
# --8<-- [end:setup]

# %%
# --8<-- [start:process]
# 1. Processor: clean, split, standardise (the default NumPy preprocessing script).
processor = NumPyProcessor(session=session)
processor.run(
    inputs=[ProcessingInput(str(raw.parent), "/opt/ml/processing/input")],
    outputs=[ProcessingOutput(f"/opt/ml/processing/{name}", output_name=name)
             for name in ("train", "validation", "test")],
    arguments=["--input", "/opt/ml/processing/input", "--target", "churned",
               "--drop", "customer_id",
               "--train-output", "/opt/ml/processing/train",
               "--validation-output", "/opt/ml/processing/validation",
               "--test-output", "/opt/ml/processing/test"],
    logs=False)
cleaned = {o.output_name: o.destination for o in processor.latest_job.outputs}
print("processing job:", processor.latest_job.describe()["ProcessingJobStatus"])
# --8<-- [end:process]

# %%
# --8<-- [start:train]
# 2. Estimator: train a logistic regression on the cleaned training channel.
estimator = NumPyEstimator(hyperparameters={"estimator": "LogisticRegression"},
                           session=session)
estimator.fit({"train": cleaned["train"], "validation": cleaned["validation"]},
              logs=False)
job = estimator.latest_training_job.describe()
print("training job:", job["TrainingJobStatus"])
print("metrics:\n  " + "\n  ".join(f"{m['MetricName']} = {m['Value']:.3f}"
                                    for m in job["FinalMetricDataList"]))
print("artifact:", Path(estimator.model_data).name)
# --8<-- [end:train]

# %%
# --8<-- [start:deploy]
# 3. Model and 4. Predictor: deploy the artifact to an endpoint, ask it for predictions.
predictor = estimator.deploy()
try:
    test = np.loadtxt(next(Path(cleaned["test"].removeprefix("file://")).glob("*.csv")),
                      delimiter=",", ndmin=2)
    predicted = np.asarray(predictor.predict(test[:, 1:])).ravel()
    print("first predictions:", predicted[:8], "true:", test[:8, 0])
    print(f"test accuracy: {np.mean(predicted == test[:, 0]):.3f} "
          f"on {len(test)} customers")
finally:
    predictor.delete_endpoint()                          # stop the server
    workdir.cleanup()
# --8<-- [end:deploy]
