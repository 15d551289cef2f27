"""s3:// URIs through boto3 against moto's S3 server on 127.0.0.1 (no AWS account, no internet)."""

import json

import boto3
import pytest

from estlab.workflow import (Estimator, ProcessingInput, ProcessingOutput, ScriptProcessor,
                             WorkflowError)
from estlab.workflow._uris import download, list_objects, read_bytes, upload, write_bytes


@pytest.fixture
def bucket(moto_s3_server, request):
    name = "estlab-" + request.node.name.replace("_", "-")[:40].lower().strip("-")
    boto3.client("s3").create_bucket(Bucket=name)
    return name


def test_uris_round_trip_through_s3(bucket, tmp_path):
    write_bytes(f"s3://{bucket}/data/a.csv", b"1,2\n")
    write_bytes(f"s3://{bucket}/data/sub/b.csv", b"3,4\n")
    write_bytes(f"s3://{bucket}/database.csv", b"not under data/")
    assert list_objects(f"s3://{bucket}/data") == [f"s3://{bucket}/data/a.csv",
                                                   f"s3://{bucket}/data/sub/b.csv"]
    assert list_objects(f"s3://{bucket}/data/a.csv") == [f"s3://{bucket}/data/a.csv"]
    got = download(f"s3://{bucket}/data/", tmp_path / "dl")
    assert sorted(p.relative_to(tmp_path / "dl").as_posix() for p in got) == ["a.csv",
                                                                              "sub/b.csv"]
    upload(tmp_path / "dl", f"s3://{bucket}/copy")
    assert read_bytes(f"s3://{bucket}/copy/sub/b.csv") == b"3,4\n"
    # checked with boto3 directly, independently of _uris
    body = boto3.client("s3").get_object(Bucket=bucket, Key="copy/a.csv")["Body"].read()
    assert body == b"1,2\n"


def test_s3_errors_say_what_is_wrong(bucket, monkeypatch):
    with pytest.raises(WorkflowError, match="bucket 'no-such-bucket-x' does not exist"):
        list_objects("s3://no-such-bucket-x/data")
    with pytest.raises(WorkflowError, match="No S3 object at"):
        read_bytes(f"s3://{bucket}/missing.csv")
    with pytest.raises(WorkflowError, match="no bucket"):
        read_bytes("s3:///key")
    for key in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]:
        monkeypatch.delenv(key)
    with pytest.raises(WorkflowError, match="No AWS credentials"):
        read_bytes(f"s3://{bucket}/missing.csv")


def test_processing_and_training_read_and_write_s3(bucket, local_session, write_script):
    s3 = boto3.client("s3")
    for i in range(2):
        s3.put_object(Bucket=bucket, Key=f"raw/part-{i}.csv", Body=f"{i},{i + 1}\n".encode())
    prep = write_script("concat.py", """
        import pathlib, sys
        inp, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
        rows = "".join(p.read_text() for p in sorted(inp.glob("*.csv")))
        (out / "all.csv").write_text(rows)
    """)
    proc = ScriptProcessor(session=local_session)
    proc.run(prep, inputs=[ProcessingInput(f"s3://{bucket}/raw", "/opt/ml/processing/in")],
             outputs=[ProcessingOutput("/opt/ml/processing/out", f"s3://{bucket}/clean")],
             arguments=["/opt/ml/processing/in", "/opt/ml/processing/out"], logs=False)
    assert s3.get_object(Bucket=bucket, Key="clean/all.csv")["Body"].read() == b"0,1\n1,2\n"

    train = write_script("count_rows.py", """
        import json, os
        rows = open(os.path.join(os.environ["SM_CHANNEL_TRAIN"], "all.csv")).read().split()
        with open(os.path.join(os.environ["SM_MODEL_DIR"], "m.json"), "w") as f:
            json.dump({"rows": len(rows)}, f)
    """)
    est = Estimator(train, session=local_session, output_path=f"s3://{bucket}/models")
    est.fit({"train": f"s3://{bucket}/clean"}, logs=False)
    job = est.latest_training_job.name
    assert est.model_data == f"s3://{bucket}/models/{job}/output/model.tar.gz"
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="models/")["Contents"]]
    assert sorted(keys) == [f"models/{job}/output/model.tar.gz",
                            f"models/{job}/output/output.tar.gz"]
    import io
    import tarfile

    archive = s3.get_object(Bucket=bucket, Key=f"models/{job}/output/model.tar.gz")["Body"].read()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        assert json.load(tar.extractfile("m.json")) == {"rows": 2}


def test_missing_s3_channel_fails_the_job_with_a_clear_reason(bucket, local_session,
                                                              write_script):
    from estlab.workflow import JobFailedError

    est = Estimator(write_script("never.py", "print(1)\n"), session=local_session)
    with pytest.raises(JobFailedError, match="no data under"):
        est.fit({"train": f"s3://{bucket}/nothing-here"}, logs=False)


def test_keys_with_dot_dot_cannot_escape_the_download_folder(bucket, tmp_path):
    boto3.client("s3").put_object(Bucket=bucket, Key="data/../../escape.csv", Body=b"x")
    with pytest.raises(WorkflowError, match="outside"):
        download(f"s3://{bucket}/data", tmp_path / "dl" / "inner")
    assert not (tmp_path / "escape.csv").exists() and not (tmp_path / "dl" / "escape.csv").exists()


def test_source_dir_archive_on_s3(bucket, local_session, tmp_path):
    from estlab.workflow.local.archive import make_tar_gz

    src = tmp_path / "src"
    src.mkdir()
    (src / "go.py").write_text("import os\nopen(os.path.join(os.environ['SM_MODEL_DIR'], "
                               "'ok'), 'w').write('s3 code')\n")
    upload(make_tar_gz(src, tmp_path / "sourcedir.tar.gz"),
           f"s3://{bucket}/code/sourcedir.tar.gz")
    est = Estimator("go.py", source_dir=f"s3://{bucket}/code/sourcedir.tar.gz",
                    session=local_session)
    est.fit(logs=False)
    job = local_session.job_folder("training", est.latest_training_job.name)
    assert (job / "algo-1" / "code" / "go.py").is_file()
    assert (job / "algo-1" / "model" / "ok").read_text() == "s3 code"
