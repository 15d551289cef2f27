"""Training jobs on the local runtime: real subprocesses, checked against the SageMaker contract."""

import json
import tarfile
from pathlib import Path

import numpy as np
import pytest

import estlab
from estlab.workflow import Estimator, NumPyEstimator, TrainingInput, WorkflowError
from estlab.workflow.local.archive import safe_extract
from estlab.workflow._uris import local_path
from estlab.workflow.local import sandbox

DUMP_SCRIPT = """
    import json, os, sys
    out = {"argv": sys.argv[1:], "cwd": os.getcwd(),
           "env": {k: v for k, v in os.environ.items()
                   if k.startswith(("SM_", "TRAINING_JOB", "SAGEMAKER_", "CURRENT_HOST"))}}
    model_dir = os.environ["SM_MODEL_DIR"]
    with open(os.path.join(model_dir, "dump.json"), "w") as f:
        json.dump(out, f)
    with open(os.path.join(os.environ["SM_OUTPUT_DATA_DIR"], "extra.txt"), "w") as f:
        f.write("not a model")
    print("train:loss=0.5; epoch 1")
    print("train:loss=0.25; epoch 2")
"""


def _extract(uri, dest):
    return safe_extract(local_path(uri), dest)


def _csv(path, y, X):
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savetxt(path, np.column_stack([y, X]), delimiter=",")
    return path


@pytest.fixture
def dump_job(local_session, write_script, tmp_path):
    """A finished job of DUMP_SCRIPT with two channels and mixed hyperparameters."""
    _csv(tmp_path / "data" / "train" / "a.csv", [1.0], [[2.0]])
    _csv(tmp_path / "data" / "validation" / "v.csv", [0.0], [[1.0]])
    est = Estimator(write_script("dump.py", DUMP_SCRIPT), session=local_session,
                    hyperparameters={"epochs": 10, "lr": 0.01, "name": "abc", "flag": True,
                                     "d": {"a": 1}, "batch-size": 32, "k": None},
                    metric_definitions=[{"Name": "train:loss", "Regex": r"train:loss=([0-9.]+);"}],
                    base_job_name="dump", environment={"MY_SETTING": "on"})
    est.fit({"train": str(tmp_path / "data" / "train"),
             "validation": TrainingInput((tmp_path / "data" / "validation").as_uri(),
                                         content_type="text/csv")}, logs=False)
    model = _extract(est.model_data, tmp_path / "model")
    return est, json.loads((model / "dump.json").read_text())


def test_cli_arguments_follow_the_training_toolkit(dump_job):
    # sorted keys, --key value, one-letter keys as -k, Python's True, dicts as k=v, None as ""
    _, dump = dump_job
    assert dump["argv"] == ["--batch-size", "32", "-d", "a=1", "--epochs", "10", "--flag", "True",
                            "-k", "", "--lr", "0.01", "--name", "abc"]


def test_hyperparameters_json_holds_json_dumps_strings(dump_job, local_session):
    est, _ = dump_job
    job = est.latest_training_job.name
    config = local_session.job_folder("training", job) / "algo-1" / "input" / "config"
    hps = json.loads((config / "hyperparameters.json").read_text())
    assert all(isinstance(v, str) for v in hps.values())
    assert {k: hps[k] for k in ["epochs", "lr", "name", "flag", "d", "batch-size", "k"]} == {
        "epochs": "10", "lr": "0.01", "name": '"abc"', "flag": "true", "d": '{"a": 1}',
        "batch-size": "32", "k": "null"}
    assert hps["sagemaker_program"] == '"dump.py"'
    assert est.latest_training_job.describe()["HyperParameters"] == hps


def test_sm_environment_matches_the_contract(dump_job, local_session):
    est, dump = dump_job
    env, job = dump["env"], est.latest_training_job.name
    # in a sandbox the host's folder is /opt/ml itself; without one it stands for /opt/ml
    host = Path("/opt/ml") if sandbox.enabled() else \
        local_session.job_folder("training", job) / "algo-1"
    assert env["SM_MODEL_DIR"] == str(host / "model")
    assert env["SM_INPUT_DIR"] == str(host / "input")
    assert env["SM_INPUT_CONFIG_DIR"] == str(host / "input" / "config")
    assert env["SM_OUTPUT_DIR"] == str(host / "output")
    assert env["SM_OUTPUT_DATA_DIR"] == str(host / "output" / "data")
    assert env["SM_OUTPUT_INTERMEDIATE_DIR"] == str(host / "output" / "intermediate")
    assert env["SM_CHANNELS"] == '["train","validation"]'
    assert env["SM_CHANNEL_TRAIN"] == str(host / "input" / "data" / "train")
    assert env["SM_CHANNEL_VALIDATION"] == str(host / "input" / "data" / "validation")
    # decoded values, compact sorted JSON; strings unquoted; dashes kept in names
    assert env["SM_HP_EPOCHS"] == "10" and env["SM_HP_LR"] == "0.01"
    assert env["SM_HP_NAME"] == "abc" and env["SM_HP_FLAG"] == "true"
    assert env["SM_HP_D"] == '{"a":1}' and env["SM_HP_BATCH-SIZE"] == "32"
    assert env["SM_HP_K"] == ""
    assert json.loads(env["SM_HPS"]) == {"epochs": 10, "lr": 0.01, "name": "abc", "flag": True,
                                         "d": {"a": 1}, "batch-size": 32, "k": None}
    assert "sagemaker_program" not in env["SM_HPS"]
    assert json.loads(env["SM_USER_ARGS"]) == dump["argv"]
    assert env["SM_HOSTS"] == '["algo-1"]' and env["SM_CURRENT_HOST"] == "algo-1"
    assert env["SM_CURRENT_INSTANCE_TYPE"] == "local"
    assert env["SM_LOG_LEVEL"] == "20" and env["SM_NUM_GPUS"] == "0"
    assert env["SM_MODULE_NAME"] == "dump" and env["SM_USER_ENTRY_POINT"] == "dump.py"
    assert env["SM_MODULE_DIR"] == str(host / "code") == dump["cwd"]
    assert env["SM_FRAMEWORK_PARAMS"] == "{}" and env["SM_IS_HETERO"] == "false"
    assert env["SM_CURRENT_INSTANCE_GROUP"] == "homogeneousCluster"
    assert json.loads(env["SM_RESOURCE_CONFIG"])["hosts"] == ["algo-1"]
    assert json.loads(env["SM_INPUT_DATA_CONFIG"])["validation"]["ContentType"] == "text/csv"
    training_env = json.loads(env["SM_TRAINING_ENV"])
    assert training_env["job_name"] == job and training_env["is_master"] is True
    assert training_env["hyperparameters"]["epochs"] == 10
    assert env["TRAINING_JOB_NAME"] == job == env["SAGEMAKER_JOB_NAME"]
    assert env["CURRENT_HOST"] == "algo-1"


def test_config_files_and_artifacts(dump_job, local_session, tmp_path):
    est, _ = dump_job
    job = est.latest_training_job.name
    config = local_session.job_folder("training", job) / "algo-1" / "input" / "config"
    assert json.loads((config / "resourceconfig.json").read_text()) == {
        "current_host": "algo-1", "current_instance_type": "local", "hosts": ["algo-1"],
        "network_interface_name": "eth0"}
    channels = json.loads((config / "inputdataconfig.json").read_text())
    assert channels["train"]["TrainingInputMode"] == "File"
    assert channels["train"]["S3DistributionType"] == "FullyReplicated"
    # artifacts at <output_path>/<job>/output/, members without a leading folder
    bucket = local_path(local_session.default_output_uri())
    out = bucket / job / "output"
    assert est.model_data == (out / "model.tar.gz").as_uri()
    with tarfile.open(out / "model.tar.gz") as tar:
        assert tar.getnames() == ["dump.json"]
    with tarfile.open(out / "output.tar.gz") as tar:
        assert tar.getnames() == ["extra.txt"]


def test_describe_record_is_service_shaped(dump_job, local_session):
    est, _ = dump_job
    d = est.latest_training_job.describe()
    assert d["TrainingJobStatus"] == "Completed" and d["SecondaryStatus"] == "Completed"
    assert [t["Status"] for t in d["SecondaryStatusTransitions"]] == [
        "Starting", "Downloading", "Training", "Uploading", "Completed"]
    for t in d["SecondaryStatusTransitions"]:
        assert t["StartTime"].tzinfo is not None and t["EndTime"] >= t["StartTime"]
    assert d["TrainingEndTime"] >= d["TrainingStartTime"] >= d["CreationTime"]
    assert d["ModelArtifacts"]["S3ModelArtifacts"] == est.model_data
    assert [(m["MetricName"], m["Value"]) for m in d["FinalMetricDataList"]] == [
        ("train:loss", 0.25)]  # the last value the regex saw
    assert d["Environment"] == {"MY_SETTING": "on"}
    assert d["ResourceConfig"]["InstanceCount"] == 1
    assert d["TrainingJobArn"].endswith(f"training-job/{d['TrainingJobName']}")
    # a new session on the same root reads the record back from disk
    from estlab.workflow import LocalSession

    again = LocalSession(root=local_session.root).describe_training_job(d["TrainingJobName"])
    assert again == d


def test_numpy_estimator_matches_scikit_learn(local_session, tmp_path):
    from sklearn.linear_model import LogisticRegression as SkLogistic

    rng = np.random.default_rng(3)
    X = rng.normal(size=(300, 3))
    y = (rng.random(300) < 1 / (1 + np.exp(-(X @ [1.0, -2.0, 0.5] + 0.3)))).astype(float)
    _csv(tmp_path / "train" / "train.csv", y[:200], X[:200])
    _csv(tmp_path / "validation" / "validation.csv", y[200:], X[200:])
    est = NumPyEstimator(hyperparameters={"estimator": "LogisticRegression", "max_iter": 100},
                         session=local_session)
    est.fit({"train": str(tmp_path / "train"), "validation": str(tmp_path / "validation")},
            logs=False)
    model = estlab.load(_extract(est.model_data, tmp_path / "model") / "model")
    reference = SkLogistic(C=np.inf, tol=1e-10, max_iter=1000).fit(X[:200], y[:200])
    np.testing.assert_allclose(model.coef_, reference.coef_.ravel(), rtol=1e-5, atol=1e-7)
    metrics = {m["MetricName"]: m["Value"]
               for m in est.latest_training_job.describe()["FinalMetricDataList"]}
    np.testing.assert_allclose(metrics["validation:accuracy"],
                               reference.score(X[200:], y[200:]), atol=1e-6)
    # the same script serves: model_fn + predict_fn, imported like the inference toolkit does
    import importlib.util

    spec = importlib.util.spec_from_file_location("numpy_train", est.entry_point)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    served = script.model_fn(str(tmp_path / "model"))
    np.testing.assert_array_equal(script.predict_fn(X[200:205].tolist(), served),
                                  reference.predict(X[200:205]))


def test_default_script_rejects_unknown_hyperparameters(local_session, tmp_path):
    from estlab.workflow import JobFailedError

    _csv(tmp_path / "train" / "t.csv", [1.0, 2.0], [[1.0], [2.0]])
    est = NumPyEstimator(hyperparameters={"estimator": "LinearRegression", "bogus": 1},
                         session=local_session)
    with pytest.raises(JobFailedError, match="no hyperparameter"):
        est.fit({"train": str(tmp_path / "train")}, logs=False)


def test_wait_false_returns_while_in_progress(local_session, write_script, capsys):
    script = write_script("slow.py", """
        import os, time
        time.sleep(0.5)
        open(os.path.join(os.environ["SM_MODEL_DIR"], "m"), "w").write("1")
    """)
    est = Estimator(script, session=local_session)
    est.fit(wait=False)
    d = est.latest_training_job.describe()
    assert d["TrainingJobStatus"] == "InProgress"
    with pytest.raises(WorkflowError, match="InProgress"):
        est.model_data
    final = est.latest_training_job.wait(logs=False)
    assert final["TrainingJobStatus"] == "Completed"
    assert capsys.readouterr().out == ""  # logs=False prints nothing


def test_logs_stream_script_output_and_status_lines(local_session, write_script, capsys):
    script = write_script("hello.py", "print('hello from the script')\n")
    Estimator(script, session=local_session, instance_type="ml.m5.large").fit()
    out = capsys.readouterr().out
    lines = out.splitlines()
    starting = next(i for i, line in enumerate(lines) if "Starting - " in line)
    training = next(i for i, line in enumerate(lines) if "Training - " in line)
    hello = lines.index("hello from the script")
    done = next(i for i, line in enumerate(lines) if "Completed - " in line)
    assert starting < training < hello < done
    assert "runs on this machine" in out  # the ml.* note
    assert lines[-1].endswith("Completed in " + lines[-1].split("Completed in ")[1])


def test_source_dir_is_the_working_folder_and_importable(local_session, tmp_path):
    src = tmp_path / "project"
    (src / "helpers").mkdir(parents=True)
    (src / "helpers" / "__init__.py").write_text("ANSWER = 42\n")
    (src / "entry.py").write_text(
        "import os\nfrom helpers import ANSWER\n"
        "open(os.path.join(os.environ['SM_MODEL_DIR'], 'a.txt'), 'w').write(str(ANSWER))\n")
    est = Estimator("entry.py", source_dir=str(src), session=local_session)
    est.fit(logs=False)
    assert (_extract(est.model_data, tmp_path / "m") / "a.txt").read_text() == "42"


def test_create_model_uses_the_training_script(local_session, write_script):
    est = NumPyEstimator(hyperparameters={"estimator": "LinearRegression"}, session=local_session)
    with pytest.raises(WorkflowError, match="fit"):
        est.create_model()
    script = write_script("tiny.py", "import os\nopen(os.path.join(os.environ['SM_MODEL_DIR'], "
                                     "'m'), 'w').write('1')\n")
    user = Estimator(script, session=local_session)
    user.fit(logs=False)
    model = user.create_model()
    assert (model.model_data, model.entry_point, model.session) == (user.model_data, script,
                                                                    local_session)
    other = user.create_model(entry_point="serve.py", source_dir="/srv")
    assert (other.entry_point, other.source_dir) == ("serve.py", "/srv")


@pytest.mark.parametrize("kwargs, fit_inputs, message", [
    ({"entry_point": "no_such_script.py"}, None, "not found"),
    ({}, {"bad channel!": "."}, "Invalid channel name"),
    ({"instance_type": "gpu-box"}, None, "Unknown instance_type"),
    ({"instance_count": 0}, None, "positive integer"),
    ({"base_job_name": "under_score"}, None, "Invalid base_job_name"),
])
def test_bad_input_is_rejected_before_anything_runs(local_session, write_script, kwargs,
                                                    fit_inputs, message):
    script = write_script("ok.py", "print(1)\n")
    with pytest.raises(WorkflowError, match=message):
        est = Estimator(**{"entry_point": script, "session": local_session, **kwargs})
        est.fit(fit_inputs, logs=False)
    assert not (local_session.root / "training-jobs").exists() or not any(
        (local_session.root / "training-jobs").iterdir())


def test_sagemaker_only_options_warn_and_unknown_ones_fail(local_session, write_script):
    script = write_script("ok.py", "print(1)\n")
    with pytest.warns(UserWarning, match=r"use_spot_instances=.*ignored"):
        Estimator(script, session=local_session, use_spot_instances=True)
    with pytest.raises(TypeError, match="unexpected keyword"):
        Estimator(script, session=local_session, not_an_option=1)


def test_deploy_serves_the_trained_model_with_the_training_script(local_session, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = X @ [1.0, 2.0] + 0.5 + rng.normal(scale=0.1, size=60)
    _csv(tmp_path / "train" / "t.csv", y, X)
    est = NumPyEstimator(hyperparameters={"estimator": "LinearRegression"}, session=local_session)
    est.fit({"train": str(tmp_path / "train")}, logs=False)
    fitted = estlab.load(_extract(est.model_data, tmp_path / "model") / "model")
    predictor = est.deploy()
    try:
        np.testing.assert_allclose(np.asarray(predictor.predict(X[:4])).ravel(),
                                   fitted.predict(X[:4]), rtol=1e-10)
    finally:
        predictor.delete_endpoint()
        local_session.close()


def test_shell_entry_point_runs_with_sh_and_the_same_arguments(local_session, tmp_path):
    src = tmp_path / "shell"
    src.mkdir()
    (src / "train.sh").write_text('echo "args: $@" > "$SM_MODEL_DIR/args.txt"\n')
    est = Estimator("train.sh", source_dir=str(src), hyperparameters={"b": 2, "alpha": "x y"},
                    session=local_session)
    est.fit(logs=False)
    text = (_extract(est.model_data, tmp_path / "m") / "args.txt").read_text()
    assert text == "args: --alpha x y -b 2\n"


def test_numpy_hyperparameter_values_are_encoded_as_python_numbers(local_session, write_script):
    script = write_script("ok.py", "print(1)\n")
    est = Estimator(script, session=local_session,
                    hyperparameters={"lr": np.float32(0.5), "sizes": np.array([1, 2])})
    est.fit(logs=False)
    hps = est.latest_training_job.describe()["HyperParameters"]
    assert (hps["lr"], hps["sizes"]) == ("0.5", "[1, 2]")
    with pytest.raises(WorkflowError, match="Hyperparameter 'f' .* cannot be sent"):
        Estimator(script, session=local_session, hyperparameters={"f": object()}).fit(logs=False)


def test_pipe_mode_runs_as_file_with_a_warning(local_session, write_script, tmp_path):
    _csv(tmp_path / "d" / "a.csv", [1.0], [[2.0]])
    script = write_script("ls.py", "import os\nprint(os.listdir(os.environ['SM_CHANNEL_TRAIN']))\n")
    est = Estimator(script, session=local_session)
    with pytest.warns(UserWarning, match="input mode 'Pipe' .* runs as 'File' locally"):
        est.fit({"train": TrainingInput(str(tmp_path / "d"), input_mode="Pipe")}, logs=False)
    assert est.latest_training_job.describe()["TrainingJobStatus"] == "Completed"


def test_source_dir_may_be_a_sourcedir_tar_gz(local_session, tmp_path):
    from estlab.workflow.local.archive import make_tar_gz

    src = tmp_path / "src"
    src.mkdir()
    (src / "go.py").write_text("import os\nopen(os.path.join(os.environ['SM_MODEL_DIR'], "
                               "'ok'), 'w').write('from the archive')\n")
    archive = make_tar_gz(src, tmp_path / "sourcedir.tar.gz")
    est = Estimator("go.py", source_dir=archive.as_uri(), session=local_session)
    est.fit(logs=False)
    assert (_extract(est.model_data, tmp_path / "m") / "ok").read_text() == "from the archive"


def test_a_metric_regex_that_does_not_compile_is_refused_before_training(local_session,
                                                                         write_script):
    # SageMaker validates MetricDefinitions at CreateTrainingJob; locally a bad regex used to
    # surface only after the whole training, as "ClientError: error: unterminated ...".
    script = write_script("train.py", "print('loss=0.5;')\n")
    with pytest.raises(WorkflowError, match=r"'train:loss'.*loss=\(\[.*unterminated"):
        Estimator(script, session=local_session,
                  metric_definitions=[{"Name": "train:loss", "Regex": "loss=(["}])
