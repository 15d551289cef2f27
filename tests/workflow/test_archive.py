"""model.tar.gz round trip and the safety checks of safe_extract."""

import io
import tarfile

import pytest

from estlab.workflow import UnsafeArchiveError
from estlab.workflow.local.archive import make_tar_gz, safe_extract


def _tar_with(path, member, data=b"x"):
    with tarfile.open(path, "w:gz") as tar:
        if member.isfile():
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
        else:
            tar.addfile(member)
    return path


def test_round_trip_keeps_contents_without_leading_folder(tmp_path):
    src = tmp_path / "model"
    (src / "code").mkdir(parents=True)
    (src / "weights.npz").write_bytes(b"\x00\x01")
    (src / "code" / "inference.py").write_text("def model_fn(d): return d\n")
    archive = make_tar_gz(src, tmp_path / "out" / "model.tar.gz")
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == ["code", "code/inference.py", "weights.npz"]
    dest = safe_extract(archive, tmp_path / "extracted")
    assert (dest / "weights.npz").read_bytes() == b"\x00\x01"
    assert (dest / "code" / "inference.py").read_text().startswith("def model_fn")


def test_internal_relative_symlink_is_allowed(tmp_path):
    info = tarfile.TarInfo("latest")
    info.type, info.linkname = tarfile.SYMTYPE, "weights.npz"
    archive = tmp_path / "ok.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        w = tarfile.TarInfo("weights.npz")
        w.size = 1
        tar.addfile(w, io.BytesIO(b"1"))
        tar.addfile(info)
    dest = safe_extract(archive, tmp_path / "d")
    assert (dest / "latest").read_bytes() == b"1"


@pytest.mark.parametrize("name, kind, link, reason", [
    ("/etc/evil", tarfile.REGTYPE, "", "absolute path"),
    ("../evil", tarfile.REGTYPE, "", "'..'"),
    ("a/../../evil", tarfile.REGTYPE, "", "'..'"),
    ("link", tarfile.SYMTYPE, "/etc/passwd", "absolute path '/etc/passwd'"),
    ("sub/link", tarfile.SYMTYPE, "../../outside", "points outside"),
    ("hard", tarfile.LNKTYPE, "../outside", "points outside"),
    ("dev", tarfile.CHRTYPE, "", "device"),
])
def test_unsafe_members_are_rejected_by_name(tmp_path, name, kind, link, reason):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    archive = _tar_with(tmp_path / "evil.tar.gz", info)
    with pytest.raises(UnsafeArchiveError) as err:
        safe_extract(archive, tmp_path / "dest")
    assert repr(name) in str(err.value) and reason in str(err.value)
    # nothing escaped and nothing was half-extracted
    assert not (tmp_path / "evil").exists() and not (tmp_path / "outside").exists()
    assert list((tmp_path / "dest").iterdir()) == []


def test_not_a_tar_file(tmp_path):
    bad = tmp_path / "model.tar.gz"
    bad.write_bytes(b"not a tar")
    with pytest.raises(UnsafeArchiveError, match="not a readable tar"):
        safe_extract(bad, tmp_path / "d")


@pytest.mark.parametrize("with_data_filter", [True, False])
def test_a_chain_of_links_cannot_escape(tmp_path, monkeypatch, with_data_filter):
    # B -> "." and A -> "B/..": each link alone stays inside on paper, but on disk A is the
    # parent of the destination, so "A/evil.txt" would land outside. Our own checks must catch
    # it, also on Pythons without tarfile's data filter (3.11.0 - 3.11.3).
    if not with_data_filter:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    archive = tmp_path / "chain.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, link in [("B", "."), ("A", "B/..")]:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, link
            tar.addfile(info)
        info = tarfile.TarInfo("A/evil.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    (tmp_path / "dest").mkdir()
    with pytest.raises(UnsafeArchiveError, match="'A'"):
        safe_extract(archive, tmp_path / "dest")
    assert not (tmp_path / "evil.txt").exists()
    assert list((tmp_path / "dest").iterdir()) == []  # nothing half-extracted


def _bomb(path, n_files=1, file_size=0):
    """A gzip'd tar whose content is far larger than the file (zeros compress ~1000:1)."""
    with tarfile.open(path, "w:gz") as tar:
        for i in range(n_files):
            info = tarfile.TarInfo(f"f{i}.bin")
            info.size = file_size
            tar.addfile(info, io.BytesIO(bytes(file_size)))
    return path


def test_an_archive_above_the_size_cap_is_refused_before_anything_is_written(tmp_path):
    bomb = _bomb(tmp_path / "model.tar.gz", n_files=3, file_size=4 * 1024 * 1024)
    assert bomb.stat().st_size < 100_000  # 12 MB of content in a few kB
    with pytest.raises(UnsafeArchiveError, match=r"more than 10,000,000 bytes.*cap") as err:
        safe_extract(bomb, tmp_path / "out", max_bytes=10_000_000)
    assert "Nothing was extracted" in str(err.value)
    assert list((tmp_path / "out").iterdir()) == []
    safe_extract(bomb, tmp_path / "ok", max_bytes=20_000_000)  # control: under the cap
    assert (tmp_path / "ok" / "f2.bin").stat().st_size == 4 * 1024 * 1024


def test_an_archive_with_too_many_files_is_refused(tmp_path, monkeypatch):
    bomb = _bomb(tmp_path / "many.tar.gz", n_files=150)
    monkeypatch.setenv("ESTLAB_MAX_ARCHIVE_FILES", "100")
    with pytest.raises(UnsafeArchiveError, match=r"more than 100 files.*ESTLAB_MAX_ARCHIVE_FILES"):
        safe_extract(bomb, tmp_path / "out")
    assert not any((tmp_path / "out").iterdir())
    safe_extract(bomb, tmp_path / "ok", max_files=150)  # control: exactly at the cap


def test_an_archive_larger_than_the_free_disk_is_refused(tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 5000, 5000))
    bomb = _bomb(tmp_path / "model.tar.gz", n_files=1, file_size=6000)
    with pytest.raises(UnsafeArchiveError, match=r"free disk space"):
        safe_extract(bomb, tmp_path / "out")
