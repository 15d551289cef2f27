"""Batch transform: split types, batch strategies, payload limits, assembly, joins, failures."""

import datetime
import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from estlab.workflow import JobFailedError, LocalSession, Model, Transformer

sys.path.insert(0, str(Path(__file__).parent))
from conftest_serving import BATCH_SIZE_SCRIPT, make_model, pid_alive  # noqa: E402

W, B = np.array([1.0, -2.0]), 0.25
RNG = np.random.default_rng(0)
X1 = np.round(RNG.normal(size=(5, 2)), 3)
X2 = np.round(RNG.normal(size=(3, 2)), 3)


def _csv(X):
    return "".join(",".join(str(float(v)) for v in row) + "\n" for row in X)


@pytest.fixture
def setup(tmp_path):
    data = tmp_path / "input"
    (data / "sub").mkdir(parents=True)
    (data / "a.csv").write_text(_csv(X1))
    (data / "sub" / "b.csv").write_text(_csv(X2))
    with LocalSession(root=tmp_path / "estlab") as session:
        model_data, script = make_model(tmp_path / "m", W, B)
        model = Model(model_data, entry_point=script, session=session)
        yield session, model, data, tmp_path


def _read_lines(path):
    return [line for line in Path(path).read_text().splitlines() if line]


@pytest.mark.parametrize("strategy", ["MultiRecord", "SingleRecord"])
def test_line_split_csv_out_per_file_keeping_subfolders(setup, strategy):
    session, model, data, tmp = setup
    out = tmp / f"out-{strategy}"
    transformer = model.transformer(strategy=strategy, assemble_with="Line",
                                    output_path=str(out), accept="text/csv")
    transformer.transform(str(data), content_type="text/csv", split_type="Line", logs=False)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.is_file()) == ["a.csv.out", "sub/b.csv.out"]
    np.testing.assert_allclose([float(v) for v in _read_lines(out / "a.csv.out")], X1 @ W + B)
    np.testing.assert_allclose([float(v) for v in _read_lines(out / "sub/b.csv.out")],
                               X2 @ W + B)
    d = transformer.latest_transform_job.describe()
    assert d["TransformJobStatus"] == "Completed"
    assert d["BatchStrategy"] == strategy
    assert d["TransformInput"]["SplitType"] == "Line"
    assert d["TransformOutput"] == {"S3OutputPath": str(out), "Accept": "text/csv",
                                    "AssembleWith": "Line"}
    assert d["TransformEndTime"] >= d["TransformStartTime"] >= d["CreationTime"]
    assert isinstance(d["CreationTime"], datetime.datetime)


def test_split_none_sends_each_file_whole(setup, tmp_path):
    session, _, data, tmp = setup
    model_data, script = make_model(tmp / "bs", W, B, script=BATCH_SIZE_SCRIPT)
    model = Model(model_data, entry_point=script, session=session)
    out = tmp / "out"
    model.transformer(output_path=str(out), accept="text/csv").transform(
        str(data / "a.csv"), content_type="text/csv", logs=False)
    assert [float(v) for v in _read_lines(out / "a.csv.out")] == [5.0] * 5  # one request of 5


def test_single_record_sends_one_record_per_request(setup):
    session, _, data, tmp = setup
    model_data, script = make_model(tmp / "bs", W, B, script=BATCH_SIZE_SCRIPT)
    model = Model(model_data, entry_point=script, session=session)
    out = tmp / "out"
    model.transformer(strategy="SingleRecord", assemble_with="Line", output_path=str(out),
                      accept="application/json").transform(
        str(data), content_type="text/csv", split_type="Line", logs=False)
    assert _read_lines(out / "a.csv.out") == ["[1]"] * 5  # np.full(1, 1): an int array


def test_multi_record_packs_records_up_to_max_payload(setup):
    session, _, _, tmp = setup
    model_data, script = make_model(tmp / "bs", W, B, script=BATCH_SIZE_SCRIPT)
    model = Model(model_data, entry_point=script, session=session)
    record = "1.0," * 255 + "1.0"  # 1,024 bytes with its newline
    n = 2500  # about 2.4 MB: three requests under a 1 MB limit
    big = tmp / "big"
    big.mkdir()
    (big / "x.csv").write_text((record + "\n") * n)
    out = tmp / "out"
    model.transformer(strategy="MultiRecord", max_payload=1, assemble_with="Line",
                      output_path=str(out), accept="text/csv").transform(
        str(big), content_type="text/csv", split_type="Line", logs=False)
    sizes = [int(float(v)) for v in _read_lines(out / "x.csv.out")]
    assert len(sizes) == n
    batches = []
    i = 0
    while i < n:  # each record carries its request's size; walk request by request
        batches.append(sizes[i])
        i += sizes[i]
    assert sum(batches) == n and len(batches) == 3
    assert all(size * 1024 <= 1024 * 1024 for size in batches)  # every request within 1 MB
    assert batches[0] == 1024  # and packed as full as the limit allows


def test_record_larger_than_max_payload_fails_that_file(setup):
    session, model, data, tmp = setup
    (data / "huge.csv").write_text("1.0," * 300_000 + "1.0\n")  # one 1.2 MB record
    out = tmp / "out"
    with pytest.raises(JobFailedError, match="huge.csv: record 0 is .* above MaxPayloadInMB"):
        model.transformer(max_payload=1, output_path=str(out), accept="text/csv").transform(
            str(data), content_type="text/csv", split_type="Line", logs=False)
    assert (out / "a.csv.out").exists() and (out / "sub/b.csv.out").exists()
    assert not (out / "huge.csv.out").exists()


def test_a_failed_file_fails_the_job_and_the_others_are_written(setup, capsys):
    session, model, data, tmp = setup
    (data / "bad.csv").write_text("1.0,666\n")  # the model raises on 666
    out = tmp / "out"
    transformer = model.transformer(output_path=str(out), accept="text/csv")
    with pytest.raises(JobFailedError, match="bad.csv") as info:
        transformer.transform(str(data), content_type="text/csv", split_type="Line")
    d = info.value.description
    assert d["TransformJobStatus"] == "Failed"
    assert "bad.csv" in d["FailureReason"] and "the number of the beast" in d["FailureReason"]
    assert not (out / "bad.csv.out").exists()
    assert (out / "a.csv.out").exists() and (out / "sub/b.csv.out").exists()
    printed = capsys.readouterr().out  # logs=True streams the job log
    assert "bad.csv: FAILED" in printed and "a.csv:" in printed


def test_join_source_input_csv(setup):
    session, model, data, tmp = setup
    out = tmp / "out"
    model.transformer(output_path=str(out), accept="text/csv").transform(
        str(data / "a.csv"), content_type="text/csv", split_type="Line", join_source="Input",
        logs=False)
    rows = [line.split(",") for line in _read_lines(out / "a.csv.out")]
    got = np.array(rows, dtype=float)
    np.testing.assert_allclose(got[:, :2], X1)
    np.testing.assert_allclose(got[:, 2], X1 @ W + B)


def test_join_source_input_json_lines(setup):
    session, model, _, tmp = setup
    lines = tmp / "lines"
    lines.mkdir()
    (lines / "x.jsonl").write_text("[1.0, 2.0]\n[0.5, -1.0]\n")
    out = tmp / "out"
    model.transformer(output_path=str(out), accept="application/json").transform(
        str(lines), content_type="application/json", split_type="Line", join_source="Input",
        logs=False)
    got = [json.loads(line) for line in _read_lines(out / "x.jsonl.out")]
    assert [g["SageMakerInput"] for g in got] == [[1.0, 2.0], [0.5, -1.0]]
    np.testing.assert_allclose([g["SageMakerOutput"] for g in got],
                               np.array([[1.0, 2.0], [0.5, -1.0]]) @ W + B)


def test_assemble_none_concatenates_responses(setup):
    session, model, data, tmp = setup
    out = tmp / "out"
    model.transformer(strategy="SingleRecord", output_path=str(out),
                      accept="application/json").transform(
        str(data / "sub"), content_type="text/csv", split_type="Line", logs=False)
    text = (out / "b.csv.out").read_text()
    assert "\n" not in text and text.count("][") == 2  # three JSON arrays back to back
    values = json.loads("[" + text.replace("][", "],[") + "]")
    np.testing.assert_allclose(np.ravel(values), X2 @ W + B)


def test_the_server_stops_after_the_job_and_wait_false(setup):
    session, model, data, tmp = setup
    transformer = model.transformer(output_path=str(tmp / "out"))
    transformer.transform(str(data), content_type="text/csv", split_type="Line", wait=False)
    name = transformer.latest_transform_job.name
    assert session.describe_transform_job(name)["TransformJobStatus"] in ("InProgress",
                                                                          "Completed")
    d = transformer.wait(logs=False)
    assert d["TransformJobStatus"] == "Completed"
    info = Path(session.root, "transform", name, "server", "server.json")
    pid = json.loads(info.read_text())["pid"]
    deadline = time.monotonic() + 5
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not pid_alive(pid)


def test_each_job_gets_its_own_default_output_path(setup):
    # As the SDK: with no output_path, every job writes under <default output>/<its own name>;
    # a second transform() must not write into (and overwrite) the first job's folder.
    session, model, data, tmp = setup
    transformer = model.transformer(accept="text/csv")
    paths = []
    for job_name in ("first-job", "second-job"):
        transformer.transform(str(data / "a.csv"), content_type="text/csv", split_type="Line",
                              job_name=job_name, logs=False)
        paths.append(session.describe_transform_job(job_name)["TransformOutput"]["S3OutputPath"])
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["first-job", "second-job"]
    assert transformer.output_path == paths[1]


def test_transformer_validates_its_arguments(setup):
    session, model, data, _ = setup
    with pytest.raises(ValueError, match="max_payload must be an int from 0 to 100"):
        Transformer("m", max_payload=101, session=session)
    with pytest.raises(ValueError, match="split_type must be one of 'None', 'Line'"):
        Transformer("m", session=session).transform(str(data), split_type="RecordIO")


def test_s3_model_input_and_output_through_moto(moto_s3_server, tmp_path):
    import boto3

    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="transform-bucket")
    model_data, script = make_model(tmp_path / "m", W, B)
    s3.upload_file(model_data, "transform-bucket", "models/model.tar.gz")
    s3.put_object(Bucket="transform-bucket", Key="in/a.csv", Body=_csv(X1).encode())
    s3.put_object(Bucket="transform-bucket", Key="in/sub/b.csv", Body=_csv(X2).encode())
    with LocalSession(root=tmp_path / "estlab") as session:
        model = Model("s3://transform-bucket/models/model.tar.gz", entry_point=script,
                      session=session)
        model.transformer(output_path="s3://transform-bucket/out", accept="text/csv",
                          assemble_with="Line").transform(
            "s3://transform-bucket/in", content_type="text/csv", split_type="Line", logs=False)
    for key, X in (("out/a.csv.out", X1), ("out/sub/b.csv.out", X2)):
        body = s3.get_object(Bucket="transform-bucket", Key=key)["Body"].read().decode()
        np.testing.assert_allclose([float(v) for v in body.split()], X @ W + B)


EXECUTION_PARAMETERS_SCRIPT = BATCH_SIZE_SCRIPT + '''

def execution_parameters_fn():
    return {"MaxConcurrentTransforms": 1, "BatchStrategy": "SINGLE_RECORD", "MaxPayloadInMB": 1}
'''


def test_unset_strategy_and_max_payload_come_from_execution_parameters(setup):
    # contract section 4: the request, else the container's GET /execution-parameters, else
    # the defaults (MultiRecord, 6 MB)
    session, _, data, tmp = setup
    model_data, script = make_model(tmp / "ep", W, B, script=EXECUTION_PARAMETERS_SCRIPT)
    model = Model(model_data, entry_point=script, session=session)
    runs = {}
    for label, strategy in [("server", None), ("request", "MultiRecord")]:
        transformer = model.transformer(assemble_with="Line", output_path=str(tmp / label),
                                        accept="text/csv", strategy=strategy)
        transformer.transform(str(data / "a.csv"), content_type="text/csv", split_type="Line",
                              logs=False)
        runs[label] = (_read_lines(tmp / label / "a.csv.out"),
                       transformer.latest_transform_job.describe())
    lines, d = runs["server"]
    assert lines == ["1"] * 5  # SINGLE_RECORD: one record per request
    assert (d["BatchStrategy"], d["MaxPayloadInMB"], d["MaxConcurrentTransforms"]) == (
        "SingleRecord", 1, 1)
    lines, d = runs["request"]
    assert lines == ["5"] * 5  # the request's MultiRecord wins: one request of 5
    assert (d["BatchStrategy"], d["MaxPayloadInMB"]) == ("MultiRecord", 1)

    _, model, _, _ = setup  # no execution_parameters_fn: the defaults
    transformer = model.transformer(output_path=str(tmp / "defaults"), accept="text/csv")
    transformer.transform(str(data / "a.csv"), content_type="text/csv", split_type="Line",
                          logs=False)
    d = transformer.latest_transform_job.describe()
    assert (d["BatchStrategy"], d["MaxPayloadInMB"]) == ("MultiRecord", 6)


def test_a_failing_execution_parameters_fn_fails_the_job_with_its_message(setup):
    session, _, data, tmp = setup
    script_text = BATCH_SIZE_SCRIPT + '''

def execution_parameters_fn():
    raise ValueError("no parameters today")
'''
    model_data, script = make_model(tmp / "bad", W, B, script=script_text)
    transformer = Model(model_data, entry_point=script, session=session).transformer(
        output_path=str(tmp / "out"))
    with pytest.raises(JobFailedError, match="execution-parameters answered 500: ValueError: "
                                             "no parameters today"):
        transformer.transform(str(data / "a.csv"), content_type="text/csv", split_type="Line",
                              logs=False)
    # with both values in the request the server is not asked, and the job completes
    given = Model(model_data, entry_point=script, session=session).transformer(
        output_path=str(tmp / "given"), strategy="SingleRecord", max_payload=6)
    given.transform(str(data / "a.csv"), content_type="text/csv", split_type="Line", logs=False)
    assert given.latest_transform_job.describe()["TransformJobStatus"] == "Completed"


def test_a_max_payload_above_6_mb_from_execution_parameters_is_accepted_by_the_server(setup):
    session, _, _, tmp = setup
    script_text = BATCH_SIZE_SCRIPT + '''

def execution_parameters_fn():
    return {"MaxPayloadInMB": 8}
'''
    model_data, script = make_model(tmp / "big-ep", W, B, script=script_text)
    model = Model(model_data, entry_point=script, session=session)
    big = tmp / "big"
    big.mkdir()
    n = 7000  # 1,024-byte records: one 7 MB request, above an endpoint's 6 MB
    (big / "x.csv").write_text(("1.0," * 255 + "1.0\n") * n)
    transformer = model.transformer(assemble_with="Line", output_path=str(tmp / "out"),
                                    accept="text/csv")
    transformer.transform(str(big), content_type="text/csv", split_type="Line", logs=False)
    assert set(_read_lines(tmp / "out" / "x.csv.out")) == {str(n)}
    assert transformer.latest_transform_job.describe()["MaxPayloadInMB"] == 8
