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

The inference itself runs on the event loop, one request at a time: a model's ``predict`` is
CPU work under the GIL, so a thread pool would only add hand-off latency.
"""

import argparse
import json
import os
import re
import socket
import sys
import threading
import time
import traceback
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from estlab.workflow.local.handlers import Context, Handlers, load_module

__all__ = ["create_app", "main"]

MB = 1024 * 1024
CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes"


class _TooLarge(Exception):
    pass


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
               415: "UnsupportedMediaType", 500: "InternalServerError"}
    return {"error": phrases.get(status, "Error"), "error-message": message, "stack-trace": stack}


def create_app(handlers, model, model_dir, endpoint_name="", max_payload_mb=6):
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

    Examples
    --------
    >>> import types
    >>> h = Handlers(types.SimpleNamespace(model_fn=lambda d: None))
    >>> app = create_app(h, None, "/tmp", "my-endpoint")
    >>> [route.path for route in app.routes]
    ['/ping', '/invocations', '/endpoints/{name}/invocations', '/execution-parameters']
    """
    limit = int(float(max_payload_mb) * MB)

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
        try:
            out, out_type, extra = handlers.invoke(model, body, headers.get("content-type"),
                                                   headers.get("accept"), context)
            _check_headers({"Content-Type": out_type, **extra})
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
    app = create_app(handlers, model, args.model_dir, args.endpoint_name,
                     float(os.environ.get("SAGEMAKER_MAX_PAYLOAD_IN_MB", "100" if batch else "6")))

    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on sockets that say they are
    # TCP, and without it every response waits ~40 ms for a delayed ACK (Nagle's algorithm).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", args.port))  # never 0.0.0.0: the endpoint is for this machine
    sock.listen(128)
    port = sock.getsockname()[1]
    # "auto": uvloop and httptools when installed (uvicorn[standard]), else asyncio and h11
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            loop="auto", http="auto", timeout_keep_alive=60)
    server = uvicorn.Server(config)
    if args.parent_pid:
        threading.Thread(target=_watch_parent, args=(args.parent_pid, server), daemon=True).start()
    if args.port_file:  # written after bind: connections queue until uvicorn accepts them
        tmp = Path(args.port_file + ".tmp")
        tmp.write_text(json.dumps({"port": port, "pid": os.getpid()}))
        tmp.replace(args.port_file)
    print(f"estlab model server: model loaded in {time.perf_counter() - started:.2f} s, "
          f"listening on http://127.0.0.1:{port}", flush=True)
    server.run(sockets=[sock])
    print("estlab model server: stopped", flush=True)


if __name__ == "__main__":
    main()
