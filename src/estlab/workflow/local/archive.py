"""``model.tar.gz`` in and out: SageMaker's artifact format, written and read safely.

SageMaker tars the *contents* of ``/opt/ml/model`` (no leading folder) into ``model.tar.gz`` and
extracts that archive into ``/opt/ml/model`` before a serving container starts. A tar file can
hold members that escape the folder it is extracted into (``../../.bashrc``, ``/etc/passwd``, a
symlink to ``/``), so an archive from somewhere else is checked member by member before
anything is written: :func:`safe_extract` refuses absolute paths, ``..``, links that point out
of the folder (also through a chain of the archive's own links) and device files, naming the
member and the reason.

It also refuses archives too big to unpack (a 14 MB model.tar.gz can expand to 3 GB): above
``max_files`` members or ``max_bytes`` of content, and always above the free disk space. The
defaults (:data:`MAX_FILES`, :data:`MAX_BYTES`) can be changed per call or with the environment
variables ``ESTLAB_MAX_ARCHIVE_FILES`` and ``ESTLAB_MAX_ARCHIVE_BYTES``.
"""

import os
import shutil
import tarfile
from pathlib import Path, PurePosixPath

from estlab.workflow._errors import UnsafeArchiveError

__all__ = ["make_tar_gz", "safe_extract", "MAX_FILES", "MAX_BYTES"]

MAX_FILES = 20_000  # members of one archive
MAX_BYTES = 4 * 1024 ** 3  # 4 GiB of content, before the free-disk check


def _limit(value, variable, default):
    if value is not None:
        return int(value)
    text = os.environ.get(variable)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise UnsafeArchiveError(f"{variable} must be a whole number; got {text!r}.") from None


def make_tar_gz(src_dir, dest_file):
    """Write the contents of ``src_dir`` into the gzip'd tar ``dest_file`` (no leading folder).

    Parameters
    ----------
    src_dir : str or os.PathLike
        Folder whose files and sub-folders become the archive's top-level members.
    dest_file : str or os.PathLike
        The ``.tar.gz`` to write (parent folders are created).

    Returns
    -------
    pathlib.Path
        ``dest_file``.

    Examples
    --------
    >>> import tarfile, tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     model = pathlib.Path(d, "model"); (model / "code").mkdir(parents=True)
    ...     _ = (model / "model.json").write_text("{}")
    ...     _ = (model / "code" / "inference.py").write_text("")
    ...     archive = make_tar_gz(model, pathlib.Path(d, "out", "model.tar.gz"))
    ...     sorted(tarfile.open(archive).getnames())
    ['code', 'code/inference.py', 'model.json']
    """
    src_dir, dest_file = Path(src_dir), Path(dest_file)
    if not src_dir.is_dir():
        raise FileNotFoundError(f"Cannot archive {src_dir}: it is not a folder.")
    dest_file.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(dest_file, "w:gz") as tar:
        for entry in sorted(src_dir.iterdir()):
            tar.add(entry, arcname=entry.name)
    return dest_file


def _through_link(start, link, links):
    """The symbolic link of the archive that the path ``start`` + ``link`` passes through, or None.

    Checked on paper, before anything is extracted, a path looks inside the folder even when
    it goes through a link of the same archive (``B -> "."`` then ``A -> "B/.."`` is the
    folder's parent on disk), so no path may go *through* another link of the archive.
    """
    path = list(start)
    for part in PurePosixPath(link).parts:
        if path and "/".join(path) in links:
            return "/".join(path)
        if part == "..":
            if path:
                path.pop()
        else:
            path.append(part)
    return None


def _check_member(member, dest, links=frozenset()):
    """Raise :class:`UnsafeArchiveError` if ``member`` lands outside ``dest`` or is a device.

    ``links`` holds the (normalised) names of the archive's symbolic links.
    """
    name = member.name
    posix = PurePosixPath(name)
    if posix.is_absolute() or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise UnsafeArchiveError(
            f"Refusing to extract archive member {name!r}: it is an absolute path. A model "
            "archive must hold relative paths (tar the *contents* of the model folder).")
    if ".." in posix.parts:
        raise UnsafeArchiveError(
            f"Refusing to extract archive member {name!r}: its path contains '..' and would land "
            "outside the extraction folder.")
    if member.isdev() or member.isfifo():
        raise UnsafeArchiveError(
            f"Refusing to extract archive member {name!r}: it is a device or FIFO, not a file.")
    via = _through_link(posix.parts[:-1], posix.name, links) if posix.parts else None
    if via is not None:
        raise UnsafeArchiveError(
            f"Refusing to extract archive member {name!r}: its path goes through {via!r}, a "
            "symbolic link of the same archive. Archive the real folder instead of the link.")
    target = (dest / name).resolve()
    if not target.is_relative_to(dest):
        raise UnsafeArchiveError(
            f"Refusing to extract archive member {name!r}: it resolves to {target}, outside {dest}"
            " (through a link extracted before it).")
    if member.issym() or member.islnk():
        link = member.linkname
        if PurePosixPath(link).is_absolute():
            raise UnsafeArchiveError(
                f"Refusing to extract archive member {name!r}: it is a link to the absolute path "
                f"{link!r}.")
        # symlinks are relative to the member's folder; hard links to the archive root
        via = _through_link(posix.parts[:-1] if member.issym() else (), link, links)
        if via is not None:
            raise UnsafeArchiveError(
                f"Refusing to extract archive member {name!r}: it links to {link!r}, which goes "
                f"through {via!r}, another symbolic link of the archive (a chain of links can "
                "point outside the extraction folder).")
        base = (dest / name).parent if member.issym() else dest
        resolved = (base / link).resolve()
        if not resolved.is_relative_to(dest):
            raise UnsafeArchiveError(
                f"Refusing to extract archive member {name!r}: it links to {link!r}, which points "
                f"outside the extraction folder ({resolved}).")


def safe_extract(tar_path, dest_dir, *, max_files=None, max_bytes=None):
    """Extract ``tar_path`` into ``dest_dir`` after checking every member; return ``dest_dir``.

    Parameters
    ----------
    tar_path : str or os.PathLike
        A ``.tar`` or ``.tar.gz`` file.
    dest_dir : str or os.PathLike
        Folder to extract into (created if missing).
    max_files, max_bytes : int, optional
        Caps on the number of members and on the bytes they hold (defaults :data:`MAX_FILES`,
        :data:`MAX_BYTES`, or ``ESTLAB_MAX_ARCHIVE_FILES`` / ``ESTLAB_MAX_ARCHIVE_BYTES``). The
        content must also fit in the free space of ``dest_dir``'s disk.

    Raises
    ------
    estlab.workflow.UnsafeArchiveError
        When a member has an absolute path or ``..``, is a link pointing outside ``dest_dir``,
        or is a device file, or the archive is above a cap. Nothing is extracted in that case.

    Examples
    --------
    >>> import io, tarfile, tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     evil = pathlib.Path(d, "evil.tar.gz")
    ...     with tarfile.open(evil, "w:gz") as tar:
    ...         info = tarfile.TarInfo("../outside.txt"); info.size = 2
    ...         tar.addfile(info, io.BytesIO(b"hi"))
    ...     try:
    ...         safe_extract(evil, pathlib.Path(d, "model"))
    ...     except UnsafeArchiveError as err:
    ...         print(str(err)[:71])
    Refusing to extract archive member '../outside.txt': its path contains
    """
    tar_path = Path(tar_path)
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    dest = dest.resolve()
    try:
        tar = tarfile.open(tar_path, "r:*")
    except tarfile.TarError as err:
        raise UnsafeArchiveError(f"{tar_path} is not a readable tar archive: {err}") from err
    max_files = _limit(max_files, "ESTLAB_MAX_ARCHIVE_FILES", MAX_FILES)
    max_bytes = _limit(max_bytes, "ESTLAB_MAX_ARCHIVE_BYTES", MAX_BYTES)
    free = shutil.disk_usage(dest).free
    with tar:
        members, total = [], 0
        for member in tar:  # read headers one by one: stop at a cap, not after 100,000 of them
            members.append(member)
            total += member.size if member.isfile() else 0
            if len(members) > max_files:
                raise UnsafeArchiveError(
                    f"Refusing to extract {tar_path.name}: it holds more than {max_files:,} "
                    f"files (the cap). A model archive should hold the model's files; if this "
                    "one really needs more, raise ESTLAB_MAX_ARCHIVE_FILES.")
            if total > min(max_bytes, free):
                what = (f"the cap of {max_bytes:,} bytes (raise ESTLAB_MAX_ARCHIVE_BYTES if it "
                        "is meant)" if max_bytes <= free else
                        f"the free disk space at {dest} ({free:,} bytes)")
                raise UnsafeArchiveError(
                    f"Refusing to extract {tar_path.name}: its files hold more than "
                    f"{min(max_bytes, free):,} bytes, above {what}. Nothing was extracted.")
        links = {PurePosixPath(m.name).as_posix() for m in members if m.issym()}
        for member in members:
            _check_member(member, dest, links)
        # Second line of defence: the standard library's "data" filter (Python >= 3.11.4),
        # which also strips set-uid bits and rejects anything our own checks might miss.
        if hasattr(tarfile, "data_filter"):
            try:
                tar.extractall(dest, members=members, filter="data")
            except tarfile.FilterError as err:
                name = getattr(getattr(err, "tarinfo", None), "name", "?")
                raise UnsafeArchiveError(
                    f"Refusing to extract archive member {name!r}: {err}") from err
        else:  # pragma: no cover - old Python
            tar.extractall(dest, members=members)
    return Path(os.fspath(dest))
