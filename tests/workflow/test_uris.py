"""Local paths and file:// URIs through the _uris API (s3:// is covered in test_s3.py)."""

import pytest

from estlab.workflow import WorkflowError
from estlab.workflow._uris import (download, is_s3, join, list_objects, local_path, read_bytes,
                                   upload, write_bytes)


def test_local_path_accepts_plain_and_file_uris(tmp_path):
    assert local_path(tmp_path.as_uri()) == tmp_path
    assert local_path(str(tmp_path)) == tmp_path
    assert local_path("file://localhost" + tmp_path.as_posix()) == tmp_path
    with pytest.raises(WorkflowError, match="three slashes"):
        local_path("file://tmp/x")
    with pytest.raises(WorkflowError, match="S3 URI"):
        local_path("s3://b/k")


def test_join_and_is_s3():
    assert join("s3://b/", "/job/", "output") == "s3://b/job/output"
    assert join("/tmp/x", "") == "/tmp/x"
    assert is_s3("s3://b") and not is_s3("/s3://")


def test_list_download_upload_keep_sub_folders(tmp_path):
    src = tmp_path / "src"
    for rel in ["a.csv", "sub/b.csv", "sub/deeper/c.csv"]:
        write_bytes(src / rel, rel.encode())
    listed = list_objects(src.as_uri())
    assert listed == [(src / r).as_uri() for r in ["a.csv", "sub/b.csv", "sub/deeper/c.csv"]]
    got = download(src, tmp_path / "dst")
    assert sorted(p.relative_to(tmp_path / "dst").as_posix() for p in got) == [
        "a.csv", "sub/b.csv", "sub/deeper/c.csv"]
    upload(tmp_path / "dst", (tmp_path / "up").as_uri())
    assert read_bytes(tmp_path / "up" / "sub" / "deeper" / "c.csv") == b"sub/deeper/c.csv"
    # a single file: list gives itself, download keeps its name
    assert list_objects(str(src / "a.csv")) == [str(src / "a.csv")]
    assert [p.name for p in download(src / "a.csv", tmp_path / "one")] == ["a.csv"]


def test_missing_local_things_have_clear_errors(tmp_path):
    with pytest.raises(WorkflowError, match="No file or folder"):
        list_objects(tmp_path / "nope")
    with pytest.raises(WorkflowError, match="No file at"):
        read_bytes(tmp_path / "nope.bin")
    with pytest.raises(WorkflowError, match="does not exist"):
        upload(tmp_path / "nope", tmp_path / "dst")
