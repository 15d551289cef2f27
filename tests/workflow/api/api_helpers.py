"""Shared pieces of the local SageMaker API tests: constants, archives, requests."""

import io
import tarfile
import textwrap
import time

import numpy as np

ROLE = "arn:aws:iam::000000000000:role/estlab-test"
SKLEARN_TRAINING = ("683313688378.dkr.ecr.us-east-1.amazonaws.com/"
                    "sagemaker-scikit-learn:1.2-1-cpu-py3")
BUCKET = "estlab-api-tests"

TRAIN_SCRIPT = textwrap.dedent('''
    import argparse, json, os
    import numpy as np

    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    args, _ = parser.parse_known_args()
    data = np.loadtxt(os.path.join(os.environ["SM_CHANNEL_TRAIN"], "train.csv"), delimiter=",")
    X, y = data[:, 1:], data[:, 0]
    w = np.linalg.lstsq(np.c_[X, np.ones(len(X))], y, rcond=None)[0] * args.scale
    print(f"fitted w={w[:-1].round(3).tolist()} b={w[-1]:.3f}")
    print("train_loss=0.125")
    np.save(os.path.join(os.environ["SM_MODEL_DIR"], "w.npy"), w[:-1])
    with open(os.path.join(os.environ["SM_MODEL_DIR"], "b.txt"), "w") as f:
        f.write(str(w[-1]))
''')

INFERENCE_SCRIPT = textwrap.dedent('''
    import os
    import numpy as np

    def model_fn(model_dir):
        w = np.load(os.path.join(model_dir, "w.npy"), allow_pickle=False)
        with open(os.path.join(model_dir, "b.txt")) as f:
            return w, float(f.read())

    def predict_fn(data, model):
        w, b = model
        if np.any(data == 666):
            raise RuntimeError("the number of the beast")
        return data @ w + b
''')


def tar_gz(files):
    """A .tar.gz (bytes) holding ``{name: text or bytes}``."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, text in files.items():
            data = text.encode() if isinstance(text, str) else bytes(text)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def linear_model_tar(w, b):
    """A model.tar.gz holding ``w.npy`` and ``b.txt``, for the linear inference scripts' model_fn."""
    arrays = io.BytesIO()
    np.save(arrays, np.asarray(w, dtype=float))
    return tar_gz({"w.npy": arrays.getvalue(), "b.txt": str(b)})


def training_request(name, program="train.py", archive="code/sourcedir.tar.gz",
                     image=SKLEARN_TRAINING, **extra):
    """A CreateTrainingJob request in SDK v2 script mode (JSON-encoded hyperparameters)."""
    return {
        "TrainingJobName": name,
        "AlgorithmSpecification": {"TrainingImage": image, "TrainingInputMode": "File",
                                   "MetricDefinitions": [{"Name": "train:loss",
                                                          "Regex": r"train_loss=([0-9.]+)"}]},
        "RoleArn": ROLE,
        "HyperParameters": {"scale": "1.0", "sagemaker_program": f'"{program}"',
                            "sagemaker_submit_directory": f'"s3://{BUCKET}/{archive}"'},
        "InputDataConfig": [{"ChannelName": "train", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/data",
            "S3DataDistributionType": "FullyReplicated"}}}],
        "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/output"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1,
                           "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": 600},
        **extra,
    }


def wait(describe, key, done=("Completed", "Failed", "Stopped", "InService"), timeout=90):
    """Poll ``describe()`` until ``key`` reaches a status in ``done``; return the history too."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = describe()
        if not seen or seen[-1] != record[key]:
            seen.append(record[key])
        if record[key] in done:
            return record, seen
        time.sleep(0.05)
    raise AssertionError(f"{key} still {seen[-1]} after {timeout} s ({seen})")
