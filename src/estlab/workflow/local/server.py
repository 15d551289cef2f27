"""The model server: SageMaker's serving-container contract as a small ASGI app on uvicorn.

A SageMaker endpoint is a container answering two routes on port 8080:

* ``GET /ping``: 200 once the model is loaded (the platform waits for it before InService);
* ``POST /invocations``: one inference; Content-Type and Accept say how the body is encoded.

This server also answers SageMaker Runtime's own path, ``POST /endpoints/<name>/invocations``,
so boto3's ``sagemaker-runtime`` client pointed at it (``endpoint_url=predictor.url``) works;
there, as on AWS, a model error comes back as ``424 ModelError`` carrying the container's
status. Run it as ``python -m estlab.workflow.local.server --model-dir DIR --program SCRIPT ...``:
it imports the script, runs ``model_fn`` (a failure exits with the traceback in the log),
binds 127.0.0.1, writes its port to ``--port-file`` and serves until SIGTERM, or until the
process that started it is gone.

As the scikit-learn container's gunicorn does, the server runs several **worker processes**
(``SAGEMAKER_MODEL_SERVER_WORKERS``, default the number of CPUs), forked after the model is
loaded and sharing one listening socket, so requests run in parallel on several cores. In each
worker an inference runs in a thread, one at a time, so ``/ping`` answers while a slow
``predict_fn`` runs. An inference that takes longer than ``SAGEMAKER_MODEL_SERVER_TIMEOUT``
(60 s) gets its answer then: a 504 on ``/invocations``, SageMaker Runtime's ``ModelError`` on the
runtime route; as gunicorn does with a timed-out worker, that worker is then replaced by a new
one (the abandoned inference ends with it), and nothing is run twice.
"""

import argparse
import json
import os
import re
import signal
import socket
import sys
import threading
import time
import traceback
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from estlab.workflow.local.handlers import Context, Handlers, load_module

__all__ = ["create_app", "main"]

MB = 1024 * 1024
CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes"
TIMED_OUT = ("Your invocation timed out while waiting for a response from container primary. "
             "Review the latency metrics for each container in Amazon CloudWatch, resolve the "
             "issue, and try again.")  # SageMaker Runtime's wording


class _TooLarge(Exception):
    pass


TIMEOUT = {}  # the marker ``invoke`` returns (as its headers) for a timed-out inference


async def _read_body(request, limit):
    """The request body, or :class:`_TooLarge` once it passes ``limit`` bytes."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise _TooLarge(int(length))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge(size)
        chunks.append(chunk)
    return b"".join(chunks)


_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # an HTTP header name (RFC 9110)
_FIELD_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")  # no CR, LF or other control bytes


def _check_headers(headers):
    """Raise ``ValueError`` for a response header HTTP cannot carry.

    Sent as they are, such headers make the HTTP layer drop the connection with no answer at
    all (or, unchecked, would split the response), so they become an ordinary 500 instead.
    """
    for key, value in headers.items():
        if not (isinstance(key, str) and _TOKEN.fullmatch(key)):
            raise ValueError(f"Response header name {key!r} is not a valid HTTP header name.")
        if not (isinstance(value, str) and _FIELD_VALUE.fullmatch(value)):
            raise ValueError(
                f"Response header {key}: {value!r} must be a str of printable Latin-1 characters "
                "without line breaks; return the content type as a str (e.g. "
                "'application/json') and set header values without CR/LF.")


def _error_body(status, message, stack=""):
    phrases = {400: "BadRequest", 406: "NotAcceptable", 413: "PayloadTooLarge",
               415: "UnsupportedMediaType", 500: "InternalServerError", 504: "GatewayTimeout"}
    return {"error": phrases.get(status, "Error"), "error-message": message, "stack-trace": stack}


def create_app(handlers, model, model_dir, endpoint_name="", max_payload_mb=6, timeout=60.0,
               on_timeout=None):
    """The ASGI app serving ``model`` with ``handlers``.

    Parameters
    ----------
    handlers : estlab.workflow.local.handlers.Handlers
    model : object
        What ``model_fn`` returned.
    model_dir : str or pathlib.Path
        Passed to handlers through their context.
    endpoint_name : str
        The only name accepted on ``/endpoints/<name>/invocations``.
    max_payload_mb : float
        Request bodies above this size get 413 (SageMaker's limit is 6 MB).
    timeout : float
        Seconds an inference may take (``SAGEMAKER_MODEL_SERVER_TIMEOUT``).
    on_timeout : callable or None
        Called when an inference timed out, before its answer is sent: the worker stops
        accepting connections and ends shortly after, and the master starts a new one, as
        gunicorn replaces a timed-out worker.

    Examples
    --------
    >>> import types
    >>> h = Handlers(types.SimpleNamespace(model_fn=lambda d: None))
    >>> app = create_app(h, None, "/tmp", "my-endpoint")
    >>> [route.path for route in app.routes]
    ['/ping', '/invocations', '/endpoints/{name}/invocations', '/execution-parameters']
    """
    limit = int(float(max_payload_mb) * MB)

    one_at_a_time = anyio.CapacityLimiter(1)  # per worker, as a gunicorn sync worker

    async def invoke(request):
        """Run one inference; return ``(status, body, content_type, headers)``."""
        try:
            body = await _read_body(request, limit)
        except _TooLarge as err:
            message = (f"The request body ({err.args[0]} bytes) is larger than the endpoint's "
                       f"limit of {max_payload_mb} MB; send fewer rows per request.")
            return 413, _error_body(413, message), None, {}
        headers = request.headers
        context = Context(model_dir, headers)

        def run():
            out, out_type, extra = handlers.invoke(model, body, headers.get("content-type"),
                                                   headers.get("accept"), context)
            _check_headers({"Content-Type": out_type, **extra})
            return out, out_type, extra

        try:
            with anyio.fail_after(timeout):  # the thread is abandoned, its worker replaced
                out, out_type, extra = await anyio.to_thread.run_sync(
                    run, limiter=one_at_a_time, abandon_on_cancel=True)
        except TimeoutError:
            print(f"Inference timed out after {timeout:g} s (SAGEMAKER_MODEL_SERVER_TIMEOUT); "
                  "this worker is replaced.", file=sys.stderr, flush=True)
            if on_timeout is not None:
                on_timeout()  # stop accepting now; end once this answer has gone
            return 504, _error_body(504, f"The inference took longer than {timeout:g} s "
                                         "(SAGEMAKER_MODEL_SERVER_TIMEOUT)."), None, TIMEOUT
        # every handler failure becomes an HTTP error, never a crash; a script's sys.exit() or
        # KeyboardInterrupt too (uvicorn handles the real signals, never raising them here)
        except (Exception, SystemExit, KeyboardInterrupt) as err:
            status = getattr(err, "status_code", 500)
            if not (isinstance(status, int) and 400 <= status <= 599):
                status = 500
            stack = traceback.format_exc() if status >= 500 else ""  # 4xx: the caller's fault
            if status >= 500:
                print(f"Inference failed with {status}:\n{stack}", file=sys.stderr, flush=True)
            return status, _error_body(status, f"{type(err).__name__}: {err}", stack), None, {}
        return 200, out, out_type, extra

    async def ping(request):
        return Response(b"", status_code=200)

    async def invocations(request):
        status, body, out_type, extra = await invoke(request)
        if status != 200:
            return JSONResponse(body, status_code=status)
        return Response(body, headers={"Content-Type": out_type, **extra})

    async def runtime_invocations(request):
        """SageMaker Runtime's InvokeEndpoint: errors wrapped as the service wraps them."""
        name = request.path_params["name"]
        if name != endpoint_name:
            message = f"Endpoint {name} of account 000000000000 not found."
            return JSONResponse({"message": message}, status_code=400,
                                headers={"x-amzn-ErrorType": "ValidationError"})
        status, body, out_type, extra = await invoke(request)
        if extra is TIMEOUT:
            return JSONResponse(
                {"message": TIMED_OUT, "OriginalStatusCode": 0, "OriginalMessage": "",
                 "LogStreamArn": f"local:{endpoint_name}/server.log"},
                status_code=424, headers={"x-amzn-ErrorType": "ModelError"})
        if status == 413:
            return JSONResponse({"message": body["error-message"]}, status_code=400,
                                headers={"x-amzn-ErrorType": "ValidationError"})
        if status != 200:
            original = json.dumps(body)
            kind = "client" if status < 500 else "server"
            message = (f"Received {kind} error ({status}) from primary with message "
                       f"\"{body['error-message']}\". See the endpoint's server.log.")
            return JSONResponse(
                {"message": message, "OriginalStatusCode": status, "OriginalMessage": original,
                 "LogStreamArn": f"local:{endpoint_name}/server.log"},
                status_code=424, headers={"x-amzn-ErrorType": "ModelError"})
        headers = {"x-Amzn-Invoked-Production-Variant": "AllTraffic", **extra}
        return Response(body, headers={"Content-Type": out_type, **headers})

    async def execution_parameters(request):
        if handlers.execution_parameters_fn is None:
            return JSONResponse({"error": "NotFound"}, status_code=404)
        try:
            return JSONResponse(handlers.execution_parameters_fn())
        except Exception as err:  # a JSON 500 like /invocations' (also for unserializable values)
            stack = traceback.format_exc()
            print(f"execution_parameters_fn failed:\n{stack}", file=sys.stderr, flush=True)
            return JSONResponse(_error_body(500, f"{type(err).__name__}: {err}", stack),
                                status_code=500)

    routes = [
        Route("/ping", ping, methods=["GET"]),
        Route("/invocations", invocations, methods=["POST"]),
        Route("/endpoints/{name}/invocations", runtime_invocations, methods=["POST"]),
        Route("/execution-parameters", execution_parameters, methods=["GET"]),
    ]
    return Starlette(routes=routes)


def _watch_parent(parent_pid, server):
    """Stop the server when the process that started it has gone (no orphans)."""
    while not server.should_exit:
        if os.getppid() != parent_pid:
            server.should_exit = True
            return
        time.sleep(0.5)


def workers_wanted():
    """``SAGEMAKER_MODEL_SERVER_WORKERS``, else the number of CPUs (the containers' rule)."""
    text = os.environ.get("SAGEMAKER_MODEL_SERVER_WORKERS", "")
    try:
        return max(1, int(text)) if text else (os.cpu_count() or 1)
    except ValueError:
        raise SystemExit(f"SAGEMAKER_MODEL_SERVER_WORKERS must be a whole number; got {text!r}.")


_THIS_WORKER = {}  # the worker process's uvicorn server


def retire_this_worker():
    """Stop accepting connections (others go to the other workers), then end this worker.

    Its abandoned inference thread ends with it; the master notices and forks a new worker.
    """
    server = _THIS_WORKER.get("server")
    for listener in getattr(server, "servers", []):
        listener.close()
    threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGKILL)).start()  # the answer goes first


def _serve_worker(app, sock, master_pid):
    """One worker: uvicorn on the shared socket until SIGTERM or the master is gone."""
    import uvicorn

    # "auto": uvloop and httptools when installed (uvicorn[standard]), else asyncio and h11
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            loop="auto", http="auto", timeout_keep_alive=60)
    server = uvicorn.Server(config)
    _THIS_WORKER["server"] = server
    threading.Thread(target=_watch_parent, args=(master_pid, server), daemon=True).start()
    server.run(sockets=[sock])
    os._exit(0)  # never return into the master's code (an abandoned inference thread may run)


def _die_with_parent():
    """Linux: the kernel kills this worker the moment the master dies (``PR_SET_PDEATHSIG``).

    Elsewhere the worker's watch thread notices within half a second.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _fork_worker(app, sock):
    pid = os.fork()
    if pid == 0:  # the child
        _die_with_parent()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            _serve_worker(app, sock, os.getppid())
        finally:
            os._exit(1)
    return pid


def _supervise(app, sock, n_workers, parent_pid):
    """The master: fork ``n_workers``, replace any that dies, stop them all on SIGTERM."""
    stopping = threading.Event()

    def stop(signum, frame):
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    workers = {_fork_worker(app, sock) for _ in range(n_workers)}
    while not stopping.is_set():
        if parent_pid and os.getppid() != parent_pid:
            break
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            pid = 0
        if pid in workers:
            workers.discard(pid)
            print(f"estlab model server: worker {pid} ended ({_exit_text(status)}); starting a "
                  "new one", flush=True)
            workers.add(_fork_worker(app, sock))
        else:
            stopping.wait(0.1)
    for pid in workers:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 5
    while workers and time.monotonic() < deadline:
        for pid in list(workers):
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                workers.discard(pid)
        time.sleep(0.05)
    for pid in workers:  # still running after 5 s: a stuck inference
        os.kill(pid, signal.SIGKILL)


def _exit_text(status):
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


def _parse(argv):
    parser = argparse.ArgumentParser(prog="python -m estlab.workflow.local.server",
                                     description="Serve a model (SageMaker's container contract).")
    parser.add_argument("--model-dir", required=True, help="the extracted model.tar.gz")
    parser.add_argument("--program", default="", help="inference script (empty: defaults only)")
    parser.add_argument("--endpoint-name", default="", help="name accepted on /endpoints/<name>/")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--port-file", default="", help="where to write the bound port")
    parser.add_argument("--parent-pid", type=int, default=0, help="exit when this process ends")
    return parser.parse_args(argv)


def main(argv=None):
    """Load the model, bind 127.0.0.1, report the port, serve until stopped."""
    import uvicorn

    args = _parse(argv)
    started = time.perf_counter()
    program = Path(args.program) if args.program else None
    print(f"estlab model server: endpoint {args.endpoint_name!r}, model_dir {args.model_dir}, "
          f"script {program or '(defaults)'}", flush=True)
    module = load_module(program) if program else None
    handlers = Handlers(module, os.environ.get("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT",
                                               "application/json"))
    model = handlers.load_model(args.model_dir)
    # an endpoint takes up to 6 MB; in a transform job the platform sizes the requests by the
    # job's MaxPayloadInMB (possibly from /execution-parameters), so accept up to its max, 100
    batch = os.environ.get("SAGEMAKER_BATCH", "").lower() == "true"
    timeout = float(os.environ.get("SAGEMAKER_MODEL_SERVER_TIMEOUT", "60"))
    app = create_app(handlers, model, args.model_dir, args.endpoint_name,
                     float(os.environ.get("SAGEMAKER_MAX_PAYLOAD_IN_MB", "100" if batch else "6")),
                     timeout=timeout, on_timeout=retire_this_worker)
    n_workers = workers_wanted()

    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on sockets that say they are
    # TCP, and without it every response waits ~40 ms for a delayed ACK (Nagle's algorithm).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", args.port))  # never 0.0.0.0: the endpoint is for this machine
    sock.listen(128)
    port = sock.getsockname()[1]
    if args.port_file:  # written after bind: connections queue until a worker accepts them
        tmp = Path(args.port_file + ".tmp")
        tmp.write_text(json.dumps({"port": port, "pid": os.getpid(), "workers": n_workers}))
        tmp.replace(args.port_file)
    print(f"estlab model server: model loaded in {time.perf_counter() - started:.2f} s, "
          f"listening on http://127.0.0.1:{port} with {n_workers} worker"
          f"{'s' if n_workers > 1 else ''}", flush=True)
    if sys.platform == "win32":  # no fork: one worker in this process
        import uvicorn

        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                               lifespan="off", timeout_keep_alive=60))
        if args.parent_pid:
            threading.Thread(target=_watch_parent, args=(args.parent_pid, server),
                             daemon=True).start()
        server.run(sockets=[sock])
    else:
        _supervise(app, sock, n_workers, args.parent_pid)
    print("estlab model server: stopped", flush=True)


if __name__ == "__main__":
    main()
