"""The model server as SageMaker's containers run it: worker processes, /ping during a slow
inference, the 60 s invocation limit answered once (no re-run on client retries)."""

import json
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import numpy as np
import pytest
from botocore.exceptions import ClientError

from estlab.workflow import LocalSession, Model

sys.path.insert(0, str(Path(__file__).parent))
from conftest_serving import make_model  # noqa: E402

# sleeps as long as the request's first number says; counts its calls in the model folder
SLOW_SCRIPT = textwrap.dedent('''
    import os, time

    import numpy as np


    def model_fn(model_dir):
        return model_dir


    def predict_fn(data, model_dir):
        with open(os.path.join(model_dir, "calls.txt"), "a") as f:
            f.write(f"{os.getpid()}\\n")
        time.sleep(float(np.ravel(data)[0]))
        return np.array([os.getpid()])
''')


def _deploy(tmp_path, session, **env):
    model_data, script = make_model(tmp_path / "m", [1.0], 0.0, script=SLOW_SCRIPT)
    return Model(model_data, entry_point=script, session=session, env=env).deploy()


def _post(predictor, seconds):
    """POST one CSV record to /invocations; return the worker's pid (or raise HTTPError)."""
    request = urllib.request.Request(predictor.url + "/invocations", data=f"{seconds}".encode(),
                                     headers={"Content-Type": "text/csv"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(json.loads(answer.read())[0])


def _calls(session, predictor):
    path = Path(session.root, "endpoints", predictor.endpoint_name, "model", "calls.txt")
    return path.read_text().split() if path.exists() else []


def test_ping_answers_while_an_inference_runs(tmp_path):
    with LocalSession(root=tmp_path / "root") as session:
        predictor = _deploy(tmp_path, session, SAGEMAKER_MODEL_SERVER_WORKERS="1")
        slow = threading.Thread(target=_post, args=(predictor, 3))
        slow.start()
        time.sleep(0.5)
        start = time.monotonic()
        with urllib.request.urlopen(predictor.url + "/ping", timeout=2) as answer:
            assert answer.status == 200
        assert time.monotonic() - start < 1.0  # SageMaker's /ping timeout is 2 s
        slow.join()
        predictor.delete_endpoint()


def test_workers_share_the_load(tmp_path):
    with LocalSession(root=tmp_path / "root") as session:
        predictor = _deploy(tmp_path, session, SAGEMAKER_MODEL_SERVER_WORKERS="2")
        info = json.loads(Path(session.root, "endpoints", predictor.endpoint_name,
                               "server.json").read_text())
        assert info["workers"] == 2
        pids = set()
        # a worker forked late on a loaded machine may miss the first round (the other
        # worker takes every request, in its threads): up to three rounds of four
        for _ in range(3):
            threads = [threading.Thread(target=lambda: pids.add(_post(predictor, 0.5)))
                       for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            if len(pids) == 2:
                break
        assert len(pids) == 2  # slow requests at once ran in both processes
        predictor.delete_endpoint()


def test_the_default_worker_count_is_the_cpu_count(monkeypatch):
    import os

    from estlab.workflow.local.server import workers_wanted

    monkeypatch.delenv("SAGEMAKER_MODEL_SERVER_WORKERS", raising=False)
    assert workers_wanted() == (os.cpu_count() or 1)
    monkeypatch.setenv("SAGEMAKER_MODEL_SERVER_WORKERS", "3")
    assert workers_wanted() == 3


def test_an_inference_over_the_limit_is_answered_once_and_not_run_again(tmp_path):
    with LocalSession(root=tmp_path / "root") as session:
        predictor = _deploy(tmp_path, session, SAGEMAKER_MODEL_SERVER_TIMEOUT="1",
                            SAGEMAKER_MODEL_SERVER_WORKERS="1")
        client = boto3.client("sagemaker-runtime", endpoint_url=predictor.url,
                              region_name="us-east-1", aws_access_key_id="testing",
                              aws_secret_access_key="testing")
        start = time.monotonic()
        with pytest.raises(ClientError) as info:  # boto3 with its default retries
            client.invoke_endpoint(EndpointName=predictor.endpoint_name, Body=b"5",
                                   ContentType="text/csv")
        assert time.monotonic() - start < 4
        error = info.value.response
        assert error["Error"]["Code"] == "ModelError"
        assert error["ResponseMetadata"]["HTTPStatusCode"] == 424
        assert "timed out while waiting for a response from container primary" in \
            error["Error"]["Message"]
        assert len(_calls(session, predictor)) == 1  # the retries did not run it again
        with pytest.raises(urllib.error.HTTPError) as info:  # the container's own route
            _post(predictor, 5)
        assert info.value.code == 504
        assert "took longer than 1 s" in json.loads(info.value.read())["error-message"]
        assert _post(predictor, 0) > 0  # the timed-out worker was replaced: it still answers
        assert len(_calls(session, predictor)) == 3
        predictor.delete_endpoint()
