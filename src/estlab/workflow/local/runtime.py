"""One SageMaker Runtime URL per session root: every local endpoint by name, from any process.

On AWS one URL, ``https://runtime.sagemaker.<region>.amazonaws.com``, reaches every endpoint of
the account by name (``POST /endpoints/<name>/invocations``), whoever created it. Locally each
endpoint is a model-server process with its own port, and its folder records where it listens
(``<root>/endpoints/<name>/server.json``, written by the server): that folder tree is the
**registry**. The **runtime router** of a root reads it: it answers InvokeEndpoint for every
endpoint under the root by relaying the request to that endpoint's server, so one boto3
``sagemaker-runtime`` client reaches all of them, from any process. An endpoint that is not (or
no longer) running answers as SageMaker Runtime does: 400 ``ValidationError``, "Endpoint <name>
of account 000000000000 not found."

The router is a small threaded HTTP server on 127.0.0.1, started by the first session on the
root that asks for :func:`runtime_url` and recorded in ``<root>/runtime.json``; other sessions
(other processes too) reuse it while its process lives, and start a new one otherwise.
"""

import http.client
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["runtime_url", "registered_port", "ACCOUNT"]

ACCOUNT = "000000000000"
_FORWARDED = ("Content-Type", "Accept", "X-Amzn-SageMaker-Custom-Attributes")
_lock = threading.Lock()
_routers = {}  # root -> the router this process runs for it


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def registered_port(root, name):
    """The port of the running endpoint ``name`` under ``root``, or None (the registry's answer)."""
    try:
        info = json.loads((Path(root) / "endpoints" / name / "server.json").read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or not _alive(int(info.get("pid", 0)) or -1):
        return None
    return int(info["port"])


def _not_found(name):
    return 400, {"x-amzn-ErrorType": "ValidationError", "Content-Type": "application/json"}, \
        json.dumps({"message": f"Endpoint {name} of account {ACCOUNT} not found."}).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = None  # set per router

    def log_message(self, format, *args):  # quiet: the endpoints keep their own logs
        pass

    def do_POST(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if len(parts) != 3 or parts[0] != "endpoints" or parts[2] != "invocations":
            self._answer(404, {"Content-Type": "application/json"},
                         json.dumps({"message": f"No route for POST {self.path}"}).encode())
            return
        name = parts[1]
        port = registered_port(self.root, name)
        if port is None:
            self._answer(*_not_found(name))
            return
        headers = {k: self.headers[k] for k in _FORWARDED if self.headers.get(k) is not None}
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=70)
            conn.request("POST", f"/endpoints/{name}/invocations", body=body, headers=headers)
            answer = conn.getresponse()
            data = answer.read()
            relayed = {k: v for k, v in answer.getheaders()
                       if k.lower() not in ("content-length", "connection", "date", "server",
                                            "transfer-encoding")}
            conn.close()
        except OSError:  # the server went away between the registry read and the request
            self._answer(*_not_found(name))
            return
        self._answer(answer.status, relayed, data)

    def _answer(self, status, headers, body):
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _start_router(root):
    handler = type("Handler", (_Handler,), {"root": Path(root)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # loopback only
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="estlab-runtime-router",
                     daemon=True).start()
    return server


def runtime_url(root):
    """``http://127.0.0.1:<port>``: the SageMaker Runtime URL of every endpoint under ``root``.

    Reuses the router recorded in ``<root>/runtime.json`` while its process lives; otherwise
    starts one in this process and records it.
    """
    root = Path(root).resolve()
    record = root / "runtime.json"
    with _lock:
        mine = _routers.get(root)
        if mine is not None:
            return f"http://127.0.0.1:{mine.server_address[1]}"
        try:
            info = json.loads(record.read_text())
            if _alive(int(info["pid"])) and int(info["pid"]) != os.getpid():
                return f"http://127.0.0.1:{int(info['port'])}"
        except (OSError, ValueError, KeyError, TypeError):
            pass
        server = _start_router(root)
        _routers[root] = server
        root.mkdir(parents=True, exist_ok=True)
        tmp = record.with_suffix(".json.tmp")
        tmp.write_text(json.dumps({"port": server.server_address[1], "pid": os.getpid()}))
        tmp.replace(record)
        return f"http://127.0.0.1:{server.server_address[1]}"
