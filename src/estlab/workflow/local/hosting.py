"""Local endpoints: each a real model-server process on 127.0.0.1, as SageMaker runs a container.

What SageMaker does for CreateEndpoint, done on this machine:

1. extract the model's ``model.tar.gz`` (safely) into ``<root>/endpoints/<name>/model``, and put
   the inference code in ``model/code`` (what the SDK's repacking does);
2. start the serving process, ``python -m estlab.workflow.local.server``, with the model's
   environment; its output goes to ``<root>/endpoints/<name>/server.log``. Where bubblewrap
   runs (see :mod:`estlab.workflow.local.sandbox`), the server runs in its own sandbox as the
   container would: the endpoint's folder at ``/opt/ml`` (the model at ``/opt/ml/model``, the
   code at ``/opt/ml/model/code``), only the image's and the model's environment, its own PID
   namespace, gone with the process that started it;
3. poll ``GET /ping``: 200 makes the endpoint ``InService``; a server that exits first makes it
   ``Failed``, with the log's tail as ``FailureReason``.

Each endpoint has its own process and its own free port, so several endpoints serve several
models at once. ``delete_endpoint`` stops the process; :meth:`LocalHosting.close` (also run at
interpreter exit) stops every one still running, and each server also exits by itself when
the Python process that started it is gone.
"""

import datetime as _dt
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
import weakref
from pathlib import Path

from estlab.workflow import _uris
from estlab.workflow.local.archive import safe_extract
from estlab.workflow._errors import EndpointError, WorkflowError
from estlab.workflow._names import validate_name
from estlab.workflow._specs import EndpointSpec
from estlab.workflow.local.runtime import registered_port
from estlab.workflow.local import sandbox
from estlab.workflow.local.sandbox import CONTAINER_ML, base_environment

__all__ = ["LocalHosting"]

STARTUP_TIMEOUT = 120.0  # seconds to pass /ping (SageMaker local mode also gives up at 120 s)
INVOKE_TIMEOUT = 65.0  # the server answers a timed-out inference at 60 s; the client waits longer
FAILURE_REASON_MAX = 1024


def _now():
    return _dt.datetime.now(_dt.timezone.utc)


def log_tail(path, n_lines=20):
    """The last ``n_lines`` lines of a text file ('' if it does not exist)."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-n_lines:])


def _reason(head, log_path):
    """``head`` + the log tail, cut to the API's 1024 characters (keeping the tail's end)."""
    tail = log_tail(log_path)
    text = f"{head} Log tail ({log_path}):\n{tail}" if tail else head
    if len(text) > FAILURE_REASON_MAX:
        keep = FAILURE_REASON_MAX - len(head) - 6
        text = f"{head} ...\n{tail[-keep:]}" if keep > 0 else text[:FAILURE_REASON_MAX]
    return text[:FAILURE_REASON_MAX]


class _Server:
    """One model-server process: start, poll for readiness, POST, stop.

    In a sandbox the server reports its port in ``server.port.json`` with its pid as the
    sandbox sees it; this object then publishes ``server.json`` (the registry entry other
    processes read) with the sandbox's process group as seen from outside, which is what
    they check and signal.
    """

    def __init__(self, folder, program, endpoint_name, env):
        self.folder = Path(folder)
        self.log_path = self.folder / "server.log"
        self.port_file = self.folder / "server.json"
        self.port_file.unlink(missing_ok=True)
        self.port = None
        self.pool = None
        self.started = time.monotonic()
        self.sandboxed = sandbox.warn_if_unavailable()
        inside = self.container_path if self.sandboxed else str
        self._report = self.folder / ("server.port.json" if self.sandboxed else "server.json")
        self._report.unlink(missing_ok=True)
        full_env = {**base_environment(), **env}  # the image's variables and the model's
        full_env["PYTHONPATH"] = base_environment()["PYTHONPATH"]
        for key in ("SAGEMAKER_SUBMIT_DIRECTORY", "SAGEMAKER_BASE_DIR"):
            if key in full_env:
                full_env[key] = inside(full_env[key])
        command = [sys.executable, "-m", "estlab.workflow.local.server",
                   "--model-dir", inside(self.folder / "model"),
                   "--program", inside(program) if program else "",
                   "--endpoint-name", endpoint_name, "--port-file", inside(self._report)]
        self._log = open(self.log_path, "ab")
        streams = dict(stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        if self.sandboxed:  # bwrap's --die-with-parent replaces the server's parent watch
            self.process = sandbox.spawn(self.folder, command, env=full_env, **streams)
        else:
            command += ["--parent-pid", str(os.getpid())]
            self.process = subprocess.Popen(command, cwd=self.folder, env=full_env, **streams)

    def container_path(self, path):
        """Where ``path`` is in the container: under /opt/ml if it is in this endpoint's folder.

        Anything else (a built-in algorithm's serving module, which stands for the image's own
        software) is seen at its own path, as the sandbox's file system is this machine's.
        """
        try:
            relative = Path(path).resolve().relative_to(self.folder.resolve())
        except ValueError:
            return str(path)
        return str(Path(CONTAINER_ML, relative))

    def _read_port(self):
        """The port once the server has bound it (and, in a sandbox, publish the registry entry)."""
        if not self._report.exists():
            return None
        info = json.loads(self._report.read_text())
        if self.sandboxed:
            info["pid"] = self.process.group  # the pid other processes can see and signal
            info["sandboxed"] = True
            tmp = self.port_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(info))
            tmp.replace(self.port_file)
        return info["port"]

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def poll_ready(self):
        """``"ready"``, ``"starting"`` or ``"exited"`` (non-blocking apart from one /ping)."""
        if self.process.poll() is not None:
            return "exited"
        if self.port is None:
            self.port = self._read_port()
            if self.port is None:
                return "starting"
            self.pool = _Pool(self.port)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2.0)
            conn.request("GET", "/ping")
            ok = conn.getresponse().status == 200
            conn.close()
        except OSError:
            return "starting"
        return "ready" if ok else "starting"

    def wait_ready(self, timeout=STARTUP_TIMEOUT):
        """Block until ready; return ``None`` or a FailureReason string."""
        delay = 0.005
        while True:
            state = self.poll_ready()
            if state == "ready":
                return None
            if state == "exited":
                return _reason(f"The model server exited with code {self.process.returncode} "
                               "before passing the ping health check.", self.log_path)
            if time.monotonic() - self.started > timeout:
                self.stop()
                return _reason(f"The model server did not pass the ping health check within "
                               f"{timeout:.0f} s.", self.log_path)
            time.sleep(delay)
            delay = min(delay * 1.5, 0.1)

    def stop(self):
        """SIGTERM, then SIGKILL after 5 s (SageMaker waits 30 s)."""
        if self.pool is not None:
            self.pool.close()
        if self.process.poll() is None:
            _signal_server(self.process.pid, signal.SIGTERM, self.sandboxed, self.process)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                _signal_server(self.process.pid, signal.SIGKILL, self.sandboxed, self.process)
                self.process.wait()
        self._log.close()


def _signal_server(pid, signum, sandboxed, process=None):
    """Send ``signum`` to a model server: to its sandbox's process group, or to the process.

    bwrap's own process dies at once on SIGTERM and takes the sandbox with it (SIGKILL), so a
    sandboxed server is signalled through its process group: the server gets SIGTERM and stops
    its workers as a container's server would.
    """
    try:
        if sandboxed:
            os.killpg(getattr(process, "group", pid), signum)
        else:
            os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


class _PidProcess:
    """``poll()``/``returncode`` of a process this one did not start (known by its pid)."""

    def __init__(self, pid):
        self.pid, self.returncode = pid, None

    def poll(self):
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -1
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"pid {self.pid}", timeout)
            time.sleep(0.02)
        return self.returncode


class _Attached:
    """A model server another process started: reached through the registry, stopped by pid."""

    def __init__(self, folder, port, pid, sandboxed=False):
        self.folder, self.port, self.sandboxed = Path(folder), port, sandboxed
        self.log_path = self.folder / "server.log"
        self.process = _PidProcess(pid)
        self.pool = _Pool(port)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        """SIGTERM, then SIGKILL after 5 s."""
        self.pool.close()
        if self.process.poll() is None:
            _signal_server(self.process.pid, signal.SIGTERM, self.sandboxed)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                _signal_server(self.process.pid, signal.SIGKILL, self.sandboxed)


class _Pool:
    """Keep-alive HTTP connections to one server, shared by threads (one connection per call)."""

    def __init__(self, port):
        self.port = port
        self._idle = []
        self._lock = threading.Lock()
        self._closed = False

    def _connect(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=INVOKE_TIMEOUT)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn

    def post(self, path, body, headers):
        """``(status, body, content_type)`` of one POST."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        reused = conn is not None
        conn = conn or self._connect()
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            result = response.status, response.read(), response.getheader("Content-Type")
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            if not reused:
                raise
            # the server closed an idle keep-alive connection: retry once on a fresh one
            return self.post(path, body, headers)
        except BaseException:
            conn.close()
            raise
        with self._lock:
            if self._closed:
                conn.close()
            else:
                self._idle.append(conn)
        return result

    def close(self):
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


def _stop_all(endpoints, extra):
    for endpoint in list(endpoints.values()):
        if endpoint["server"] is not None:
            endpoint["server"].stop()
    for server in list(extra):
        server.stop()


class LocalHosting:
    """CreateModel / CreateEndpoint / InvokeEndpoint on this machine; used by ``LocalSession``.

    Parameters
    ----------
    root : pathlib.Path
        Endpoint folders go under ``root / "endpoints"``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> hosting = LocalHosting(pathlib.Path(tempfile.mkdtemp()))
    >>> hosting.describe_endpoint("nope")
    Traceback (most recent call last):
    ...
    estlab.workflow._errors.EndpointError: Could not find endpoint 'nope'...
    >>> hosting.close()
    """

    def __init__(self, root):
        self.root = Path(root)
        self._models = {}
        self._endpoints = {}  # name -> dict of state (owned by this instance, never class-level)
        self._servers = set()  # servers started for transform jobs
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _stop_all, self._endpoints, self._servers)

    # -- models -----------------------------------------------------------------------------
    def create_model(self, spec):
        """Register a ``ModelSpec``; registering the same spec again is a no-op."""
        validate_name(spec.name, "model name")
        old = self._models.get(spec.name)
        if old is not None and old != spec:
            raise WorkflowError(f"A different model named {spec.name!r} already exists; choose "
                                "another name (SageMaker model names are unique).")
        self._models[spec.name] = spec

    def delete_model(self, name):
        """Forget the model ``name`` (a no-op if unknown), so the name can be registered anew.

        As with SageMaker's DeleteModel, endpoints already serving it go on serving: their
        server has the model extracted in its own folder.
        """
        self._models.pop(name, None)

    def _model(self, name):
        try:
            return self._models[name]
        except KeyError:
            raise WorkflowError(f"No model named {name!r} in this session; create it first "
                                "(Model.deploy and Model.transformer do).") from None

    def prepare_model_folder(self, model_name, folder):
        """Extract the model and its code into ``folder/model``; return the script path or None."""
        spec = self._model(model_name)
        folder = Path(folder)
        if folder.exists():
            shutil.rmtree(folder)
        model_dir = folder / "model"
        model_dir.mkdir(parents=True)
        safe_extract(self._fetch(spec.model_data, folder / "download", "model_data"), model_dir)
        code_dir = model_dir / "code"
        if spec.entry_point:
            if spec.source_dir:
                source = os.fspath(spec.source_dir)
                if _uris.is_s3(source) or source.endswith(".tar.gz"):
                    safe_extract(self._fetch(source, folder / "download", "source_dir"), code_dir)
                else:
                    source_path = _uris.local_path(source)
                    if not source_path.is_dir():
                        raise WorkflowError(f"source_dir {source!r} is not a folder; pass the "
                                            "folder that holds the entry point.")
                    shutil.copytree(source_path, code_dir, dirs_exist_ok=True,
                                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".git"))
                program = code_dir / spec.entry_point
            else:
                entry = _uris.local_path(spec.entry_point)
                if not entry.is_file():
                    raise WorkflowError(f"entry_point {spec.entry_point!r} is not a file; pass "
                                        "the path of the inference script.")
                code_dir.mkdir(exist_ok=True)
                program = code_dir / entry.name
                shutil.copyfile(entry, program)
        else:
            program = code_dir / spec.env.get("SAGEMAKER_PROGRAM", "inference.py")
        if not program.is_file():
            where = f"source_dir {spec.source_dir!r}" if spec.source_dir else "the model's code/"
            raise WorkflowError(
                f"No inference script {program.name!r} in {where} ({program}). Pass "
                "entry_point= (and source_dir=) to the Model, or put code/inference.py into "
                "model.tar.gz.")
        return program

    @staticmethod
    def _fetch(uri, tmp_dir, what):
        """A local path for the file at ``uri`` (downloaded first if it is on S3)."""
        if _uris.is_s3(uri):
            return _uris.download(uri, tmp_dir)[0]
        path = _uris.local_path(uri)
        if not path.is_file():
            raise WorkflowError(f"{what} {os.fspath(uri)!r} is not a file; expected a "
                                "model.tar.gz (a training job's ModelArtifacts.S3ModelArtifacts).")
        return path

    def start_server(self, model_name, folder, endpoint_name, env=None):
        """Prepare ``folder`` and start a model server for ``model_name``; return it (not ready)."""
        spec = self._model(model_name)
        program = self.prepare_model_folder(model_name, folder)
        full_env = {**spec.env, **(env or {}),
                    "SAGEMAKER_PROGRAM": program.name,
                    "SAGEMAKER_SUBMIT_DIRECTORY": str(program.parent),
                    "SAGEMAKER_BASE_DIR": str(folder)}
        server = _Server(folder, program, endpoint_name, full_env)
        return server

    # -- endpoints --------------------------------------------------------------------------
    def create_endpoint(self, spec):
        """Start the endpoint's server process; the endpoint is ``Creating`` until /ping passes."""
        validate_name(spec.name, "endpoint name")
        if spec.instance_count > 1:
            warnings.warn(
                f"Endpoint {spec.name!r}: instance_count={spec.instance_count} is recorded in "
                "describe_endpoint, but a local endpoint is one server process on this machine.",
                UserWarning, stacklevel=3)
        with self._lock:
            if spec.name in self._endpoints:
                raise EndpointError(f"Cannot create already existing endpoint {spec.name!r}; "
                                    "delete it first or choose another endpoint_name.")
            now = _now()
            endpoint = {"spec": spec, "server": None, "status": "Creating", "reason": None,
                        "created": now, "modified": now}
            self._endpoints[spec.name] = endpoint
        folder = self.root / "endpoints" / spec.name
        try:
            endpoint["server"] = self.start_server(spec.model_name, folder, spec.name)
        except Exception as err:
            endpoint.update(status="Failed", reason=str(err)[:FAILURE_REASON_MAX], modified=_now())
            raise

    def _get(self, name):
        endpoint = self._endpoints.get(name)
        if endpoint is None:
            endpoint = self._attach(name)
        if endpoint is None:
            raise EndpointError(f"Could not find endpoint {name!r} under {self.root}: it was "
                                "never created, it was deleted, or the process that ran it has "
                                "ended.")
        return endpoint

    def _attach(self, name):
        """An endpoint another process started under the same root (the on-disk registry)."""
        folder = self.root / "endpoints" / name
        port = registered_port(self.root, name)
        if port is None:
            return None
        info = json.loads((folder / "server.json").read_text())
        stamp = _dt.datetime.fromtimestamp((folder / "server.json").stat().st_mtime,
                                           _dt.timezone.utc)
        server = _Attached(folder, port, int(info["pid"]), bool(info.get("sandboxed")))
        endpoint = {"spec": EndpointSpec(name=name, model_name=""), "status": "InService",
                    "server": server, "reason": None,
                    "created": stamp, "modified": stamp}
        with self._lock:
            return self._endpoints.setdefault(name, endpoint)

    def _refresh(self, endpoint, block=False):
        """Move Creating -> InService / Failed by looking at the server (waiting if ``block``)."""
        server = endpoint["server"]
        if server is None:
            return
        if endpoint["status"] == "Creating":
            if block:
                reason = server.wait_ready()
            else:
                state = server.poll_ready()
                if state == "starting":
                    return
                reason = None if state == "ready" else _reason(
                    f"The model server exited with code {server.process.returncode} before "
                    "passing the ping health check.", server.log_path)
            if reason is None:
                endpoint.update(status="InService", modified=_now())
            else:
                endpoint.update(status="Failed", modified=_now(), reason=reason)
                server.stop()
        elif endpoint["status"] == "InService" and server.process.poll() is not None:
            endpoint.update(status="Failed", modified=_now(), reason=_reason(
                f"The model server stopped unexpectedly (exit code {server.process.returncode}).",
                server.log_path))
            server.stop()

    def wait_for_endpoint(self, name):
        """Block until ``name`` is InService; raise :class:`EndpointError` if it Failed."""
        endpoint = self._get(name)
        self._refresh(endpoint, block=True)
        if endpoint["status"] != "InService":
            raise EndpointError(f"Endpoint {name!r} failed to start: {endpoint['reason']}")
        return self.describe_endpoint(name)

    def describe_endpoint(self, name):
        """A DescribeEndpoint-shaped dict."""
        endpoint = self._get(name)
        self._refresh(endpoint)
        spec = endpoint["spec"]
        count = spec.instance_count if endpoint["status"] == "InService" else 0
        record = {
            "EndpointName": name,
            "EndpointArn": f"arn:aws:sagemaker:local:000000000000:endpoint/{name.lower()}",
            "EndpointConfigName": name,
            "ProductionVariants": [{
                "VariantName": "AllTraffic", "CurrentWeight": 1.0, "DesiredWeight": 1.0,
                "CurrentInstanceCount": count, "DesiredInstanceCount": spec.instance_count,
            }],
            "EndpointStatus": endpoint["status"],
            "CreationTime": endpoint["created"],
            "LastModifiedTime": endpoint["modified"],
        }
        if endpoint["reason"]:
            record["FailureReason"] = endpoint["reason"]
        return record

    def endpoint_url(self, name):
        """Base URL of the endpoint's HTTP server, ``http://127.0.0.1:<port>``."""
        endpoint = self._get(name)
        if endpoint["status"] == "Creating":
            self.wait_for_endpoint(name)
        if endpoint["server"] is None or endpoint["server"].port is None:
            raise EndpointError(f"Endpoint {name!r} has no server ({endpoint['status']}).")
        return endpoint["server"].url

    def delete_endpoint(self, name):
        """Stop the endpoint's server, remove its folder, keep its log.

        As SageMaker releases the instance (its CloudWatch log stays), the endpoint's folder
        (the extracted model) is removed and ``server.log`` is kept as
        ``<root>/logs/endpoints/<name>.log`` (appended to, if the name is used again).
        """
        endpoint = self._get(name)
        with self._lock:
            self._endpoints.pop(name, None)
        if endpoint["server"] is not None:
            endpoint["server"].stop()
        folder = self.root / "endpoints" / name
        log = folder / "server.log"
        if log.is_file():
            kept = self.root / "logs" / "endpoints" / f"{name}.log"
            kept.parent.mkdir(parents=True, exist_ok=True)
            with open(kept, "ab") as out:
                out.write(log.read_bytes())
        shutil.rmtree(folder, ignore_errors=True)

    def invoke_endpoint(self, name, body, content_type, accept, custom_attributes=None):
        """POST ``body`` to ``/invocations``; return ``(bytes, content_type)``.

        Raises :class:`EndpointError` with ``status_code`` and ``body`` on a 4xx/5xx answer.
        """
        endpoint = self._get(name)
        if endpoint["status"] != "InService":
            self._refresh(endpoint)
            if endpoint["status"] != "InService":
                raise EndpointError(f"Endpoint {name!r} is {endpoint['status']}, not InService"
                                    + (f": {endpoint['reason']}" if endpoint["reason"] else "."))
        server = endpoint["server"]
        try:
            return post_invocation(server, body, content_type, accept, custom_attributes,
                                   what=f"Endpoint {name!r}")
        except EndpointError as err:
            if err.status_code is None:  # no answer at all: has the server died?
                try:
                    server.process.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    pass
                self._refresh(endpoint)
            raise

    def close(self):
        """Stop every endpoint this object started."""
        _stop_all(self._endpoints, self._servers)
        self._endpoints.clear()


def post_invocation(server, body, content_type, accept, custom_attributes=None,
                    what="The endpoint"):
    """One ``POST /invocations`` to ``server``; ``(bytes, content_type)`` or EndpointError."""
    headers = {"Content-Type": content_type or "application/octet-stream"}
    if accept:
        headers["Accept"] = accept
    if custom_attributes is not None:
        headers["X-Amzn-SageMaker-Custom-Attributes"] = custom_attributes
    try:
        status, data, out_type = server.pool.post("/invocations", body, headers)
    except OSError as err:
        raise EndpointError(_reason(f"{what} did not answer ({err}).", server.log_path)) from err
    except http.client.HTTPException as err:  # IncompleteRead, BadStatusLine...: a broken answer
        raise EndpointError(_reason(
            f"{what} broke off its answer ({type(err).__name__}: {err}); the model server may "
            "have crashed mid-response: check its log, then retry.", server.log_path)) from err
    if status != 200:
        text = data.decode("utf-8", errors="replace")
        try:
            message = json.loads(text).get("error-message", text)
        except (ValueError, AttributeError):
            message = text
        raise EndpointError(f"{what} answered {status}: {message}", status_code=status, body=text)
    return data, out_type
