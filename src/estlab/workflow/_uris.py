"""Where data lives: local paths, ``file://`` URIs and ``s3://bucket/key``, behind one small API.

SageMaker moves data between S3 and the container's ``/opt/ml`` folders. The local runtime does
the same moves between any of these places, so a job reads ``s3://`` inputs and writes ``s3://``
outputs exactly as on SageMaker, and a student without an AWS account uses plain folders.

``s3://`` goes through boto3 (imported only when needed) with the user's own AWS settings:
credentials, region, and ``AWS_ENDPOINT_URL_S3`` / ``AWS_ENDPOINT_URL``, which boto3 honours,
so a local S3 (moto, MinIO) works unchanged.

A *prefix* is a folder: ``list_objects``, ``download`` and ``upload`` treat ``s3://b/data`` as
every key under ``data/`` and a local folder as every file inside it, recursively.
"""

import os
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

from estlab.workflow._errors import WorkflowError

__all__ = ["is_s3", "local_path", "join", "list_objects", "download", "upload", "read_bytes",
           "write_bytes"]


def is_s3(uri):
    """True when ``uri`` is an ``s3://`` URI.

    Examples
    --------
    >>> is_s3("s3://bucket/data/train.csv"), is_s3("/tmp/data"), is_s3("file:///tmp/data")
    (True, False, False)
    """
    return str(uri).startswith("s3://")


def local_path(uri):
    """The local :class:`~pathlib.Path` of a plain path or a ``file://`` URI.

    Parameters
    ----------
    uri : str or os.PathLike
        ``/abs/path``, ``relative/path``, ``~/path`` or ``file:///abs/path``.

    Returns
    -------
    pathlib.Path
        An absolute path (``~`` expanded, relative paths resolved against the working folder).

    Examples
    --------
    >>> local_path("file:///tmp/data/train.csv").as_posix()
    '/tmp/data/train.csv'
    >>> local_path("/tmp/a b").as_posix()
    '/tmp/a b'
    """
    text = os.fspath(uri)
    if is_s3(text):
        raise WorkflowError(f"{text!r} is an S3 URI, not a local path; use download() to fetch it.")
    if text.startswith("file://"):
        parsed = urlparse(text)
        if parsed.netloc not in ("", "localhost"):
            raise WorkflowError(
                f"file:// URI {text!r} names host {parsed.netloc!r}; write file:///absolute/path "
                "(three slashes) for a file on this machine.")
        text = unquote(parsed.path)
    return Path(text).expanduser().absolute()


def join(uri, *parts):
    """Join path parts onto a URI with ``/``, keeping its scheme.

    Examples
    --------
    >>> join("s3://bucket/out/", "job-1", "output")
    's3://bucket/out/job-1/output'
    >>> join("file:///tmp/out", "model.tar.gz")
    'file:///tmp/out/model.tar.gz'
    """
    text = os.fspath(uri).rstrip("/")
    for part in parts:
        part = str(part).strip("/")
        if part:
            text = f"{text}/{part}"
    return text


# --------------------------------------------------------------------------------------- S3 --
def _split_s3(uri):
    parsed = urlparse(uri)
    if not parsed.netloc:
        raise WorkflowError(f"S3 URI {uri!r} has no bucket; expected s3://bucket/key.")
    return parsed.netloc, parsed.path.lstrip("/")


_SETTINGS = ("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID",
             "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_REGION",
             "AWS_REGION", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")
_clients = {}
_clients_lock = threading.Lock()


def _s3_client():
    """An S3 client for the user's AWS settings *as they are now*.

    boto3's default session would keep the credentials and endpoint it saw first; here a
    change of ``AWS_*`` variables (a profile switch, a local S3 endpoint) gets a new client,
    and unchanged settings reuse one (making a client costs ~0.1 s).
    """
    try:
        import boto3
    except ImportError as err:  # pragma: no cover - boto3 ships with estlab[workflow]
        raise WorkflowError(
            "s3:// URIs need boto3: pip install 'estlab[workflow]'.") from err
    key = tuple(os.environ.get(name) for name in _SETTINGS)
    with _clients_lock:
        if key not in _clients:
            _clients.clear()
            _clients[key] = boto3.session.Session().client("s3")
        return _clients[key]


def _s3_call(uri, fn, *args, missing="key", **kwargs):
    """Run one boto3 call, turning its errors into messages that say what to fix."""
    from botocore.exceptions import ClientError, NoCredentialsError, NoRegionError

    try:
        return fn(*args, **kwargs)
    except NoCredentialsError as err:
        raise WorkflowError(
            f"No AWS credentials to access {uri}. Configure them (aws configure, or "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), or use a local path instead of s3://."
        ) from err
    except NoRegionError as err:
        raise WorkflowError(
            f"No AWS region to access {uri}: set AWS_DEFAULT_REGION or run aws configure.") from err
    except ClientError as err:
        code = err.response.get("Error", {}).get("Code", "")
        bucket, key = _split_s3(uri)
        if code == "NoSuchBucket" or (missing == "bucket" and code in ("404", "NotFound")):
            raise WorkflowError(f"S3 bucket {bucket!r} does not exist ({uri}); create it or "
                                "fix the URI.") from err
        if code in ("NoSuchKey", "404", "NotFound"):
            raise WorkflowError(
                f"No S3 object at {uri}: check the key (s3://{bucket}/{key}).") from err
        if code in ("AccessDenied", "403", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
            raise WorkflowError(f"Access to {uri} was denied ({code}); check your AWS credentials "
                                "and the bucket policy.") from err
        raise WorkflowError(f"S3 request for {uri} failed: {err}") from err


def _s3_list(uri):
    """Sorted keys under ``uri``: the object itself if it exists, else every key below it."""
    bucket, sizes = _s3_sizes(uri)
    return bucket, sorted(sizes)


def _s3_sizes(uri):
    """``(bucket, {key: size in bytes})`` for the keys :func:`_s3_list` returns."""
    bucket, key = _split_s3(uri)
    client = _s3_client()
    _s3_call(uri, client.head_bucket, Bucket=bucket, missing="bucket")
    prefix = key.rstrip("/")
    sizes = {}
    paginator = client.get_paginator("list_objects_v2")
    search = f"{prefix}/" if prefix else ""
    for page in _s3_call(uri, lambda: list(paginator.paginate(Bucket=bucket, Prefix=prefix))):
        for obj in page.get("Contents", []):
            k = obj["Key"]
            if k == prefix or k.startswith(search):
                if not k.endswith("/"):  # skip "folder" marker objects
                    sizes[k] = obj.get("Size", 0)
    return bucket, sizes


#: Below this size one GET or PUT moves a file: what boto3's transfer manager would do too
#: (its multipart threshold), without starting a transfer manager and its threads per file,
#: which dominates when a code folder of a few hundred small files is copied.
SINGLE_REQUEST_BYTES = 8 * 1024 * 1024


def _get_file(client, bucket, key, target, size):
    if size >= SINGLE_REQUEST_BYTES:
        client.download_file(bucket, key, str(target))
        return
    body = client.get_object(Bucket=bucket, Key=key)["Body"]
    with open(target, "wb") as out:
        shutil.copyfileobj(body, out)


def _put_file(client, path, bucket, key):
    if path.stat().st_size >= SINGLE_REQUEST_BYTES:
        client.upload_file(str(path), bucket, key)
        return
    with open(path, "rb") as body:
        client.put_object(Bucket=bucket, Key=key, Body=body)


def safe_target(dest_dir, rel, source):
    """``dest_dir / rel``, refusing a relative key (``../x``) that would land outside ``dest_dir``.

    Examples
    --------
    >>> safe_target("/data", "sub/a.csv", "s3://b/sub/a.csv").as_posix()
    '/data/sub/a.csv'
    >>> safe_target("/data", "../etc/x", "s3://b/p/../etc/x")
    Traceback (most recent call last):
    ...
    estlab.workflow._errors.WorkflowError: Refusing to copy s3://b/p/../etc/x: ...
    """
    dest = Path(dest_dir).absolute()
    target = Path(os.path.normpath(dest / rel))
    if not target.is_relative_to(dest):
        raise WorkflowError(f"Refusing to copy {source}: its key would land at {target}, outside "
                            f"{dest}. Rename the object without '..'.")
    return target


# ------------------------------------------------------------------------------ public API --
def list_objects(uri):
    """Sorted full URIs of the files under a prefix, or ``[uri]`` for a single file.

    Parameters
    ----------
    uri : str
        A local folder or file, ``file://`` URI, or ``s3://bucket/prefix``.

    Returns
    -------
    list of str
        For a local folder, absolute paths (``file://`` URIs when ``uri`` was one); for S3,
        ``s3://`` URIs. Empty when a folder or prefix holds nothing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     for name in ["b.csv", "sub/a.csv"]:
    ...         p = pathlib.Path(d, name); p.parent.mkdir(exist_ok=True); _ = p.write_text("1")
    ...     [u[len(d):] for u in list_objects(d)]
    ['/b.csv', '/sub/a.csv']
    """
    text = os.fspath(uri)
    if is_s3(text):
        bucket, keys = _s3_list(text)
        return [f"s3://{bucket}/{k}" for k in keys]
    path = local_path(text)
    if path.is_file():
        return [text]
    if not path.exists():
        raise WorkflowError(f"No file or folder at {path}; check the path (it is resolved "
                            f"against the working folder {Path.cwd()}).")
    files = sorted(p for p in path.rglob("*") if p.is_file())
    if text.startswith("file://"):
        return [f"file://{p.as_posix()}" for p in files]
    return [str(p) for p in files]


def download(uri, dest_dir):
    """Copy a file, or every file under a prefix, into ``dest_dir``; return the local paths.

    A single file keeps its name; a prefix keeps each file's sub-folder relative to the prefix.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     src = pathlib.Path(d, "src", "sub"); src.mkdir(parents=True)
    ...     _ = (src / "x.csv").write_text("1,2")
    ...     got = download(pathlib.Path(d, "src").as_uri(), pathlib.Path(d, "dst"))
    ...     [p.relative_to(d).as_posix() for p in got]
    ['dst/sub/x.csv']
    """
    text = os.fspath(uri)
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    out = []
    if is_s3(text):
        bucket, sizes = _s3_sizes(text)
        if not sizes:
            raise WorkflowError(f"Nothing found under {text}; upload data there or fix the URI.")
        prefix = _split_s3(text)[1].rstrip("/")
        client = _s3_client()
        for key in sorted(sizes):
            rel = Path(key).name if key == prefix else key[len(prefix):].lstrip("/")
            target = safe_target(dest_dir, rel, f"s3://{bucket}/{key}")
            target.parent.mkdir(parents=True, exist_ok=True)
            _s3_call(f"s3://{bucket}/{key}", _get_file, client, bucket, key, target, sizes[key])
            out.append(target)
        return out
    src = local_path(text)
    if src.is_file():
        target = dest_dir / src.name
        shutil.copyfile(src, target)
        return [target]
    for item in list_objects(src):
        item = Path(item)
        target = dest_dir / item.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(item, target)
        out.append(target)
    return out


def upload(src, uri):
    """Copy a local file to ``uri`` (a key), or a folder's contents under ``uri`` (a prefix).

    Symbolic links inside a folder are not followed, as SageMaker's processing upload.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = pathlib.Path(d, "m.txt").write_text("hi")
    ...     upload(pathlib.Path(d, "m.txt"), pathlib.Path(d, "out", "m.txt"))
    ...     pathlib.Path(d, "out", "m.txt").read_text()
    'hi'
    """
    src = Path(src)
    text = os.fspath(uri)
    if not src.exists():
        raise WorkflowError(f"Cannot upload {src}: it does not exist.")
    files = ([(src, src.name)] if src.is_file()
             else [(p, p.relative_to(src).as_posix()) for p in sorted(src.rglob("*"))
                   if p.is_file() and not p.is_symlink()])
    if is_s3(text):
        bucket, key = _split_s3(text)
        client = _s3_client()
        for path, rel in files:
            target_key = key if src.is_file() else join(key, rel).lstrip("/")
            _s3_call(text, _put_file, client, path, bucket, target_key)
        return
    dest = local_path(text)
    if src.is_file():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        return
    for path, rel in files:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    dest.mkdir(parents=True, exist_ok=True)


def read_bytes(uri):
    """The bytes of one file or S3 object.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_bytes(pathlib.Path(d, "a", "b.bin"), b"abc")
    ...     read_bytes(pathlib.Path(d, "a", "b.bin").as_uri())
    b'abc'
    """
    text = os.fspath(uri)
    if is_s3(text):
        bucket, key = _split_s3(text)
        client = _s3_client()
        response = _s3_call(text, client.get_object, Bucket=bucket, Key=key)
        return response["Body"].read()
    path = local_path(text)
    if not path.is_file():
        raise WorkflowError(f"No file at {path}; check the path.")
    return path.read_bytes()


def write_bytes(uri, data):
    """Write ``data`` to one file or S3 object, creating local parent folders.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_bytes(pathlib.Path(d, "x.txt"), b"1")
    ...     pathlib.Path(d, "x.txt").read_bytes()
    b'1'
    """
    text = os.fspath(uri)
    if is_s3(text):
        bucket, key = _split_s3(text)
        client = _s3_client()
        _s3_call(text, client.put_object, Bucket=bucket, Key=key, Body=bytes(data))
        return
    path = local_path(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(data))
