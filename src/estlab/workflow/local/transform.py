"""Local batch transform: every input file through a real model server, one ``.out`` per file.

SageMaker's CreateTransformJob starts the model's serving container, sends it the input data
in mini-batches and writes one ``<input>.out`` per input object, keeping sub-folders:

* ``SplitType="None"`` sends each file whole; ``"Line"`` splits it into records (lines);
* ``BatchStrategy="SingleRecord"`` sends one record per request; ``"MultiRecord"`` packs as
  many consecutive records as fit in ``MaxPayloadInMB`` (a record alone above it fails the file);
  left unset, BatchStrategy and MaxPayloadInMB come from the model server's
  ``GET /execution-parameters`` (the script's ``execution_parameters_fn``), else default to
  MultiRecord and 6 MB, as in the SDK's local mode (which also runs one request at a time:
  MaxConcurrentTransforms is 1);
* ``AssembleWith="None"`` concatenates the responses; ``"Line"`` ends each with a newline;
* ``JoinSource="Input"`` writes each input record joined with its prediction: CSV columns
  followed by the output columns, or a JSON object with a ``SageMakerOutput`` key;
* a file that fails is not written and fails the job; the other files are still written;
* a stopped job writes no output at all: "When you stop a batch transform job before it is
  completed, Amazon SageMaker doesn't store the job's output in Amazon S3" (StopTransformJob).
  Each ``.out`` is therefore staged in the job folder and copied to ``S3OutputPath`` only when
  the job ends Completed or Failed.

Locally the container is the same model-server process as an endpoint's (started with
``SAGEMAKER_BATCH=true`` and the limits the request sets in its environment) and stopped at the
end; a stop request ends it at once, so a long request does not delay the stop.
The job runs in a thread; :meth:`LocalTransform.wait` streams its log.

Besides its model server's output, SageMaker writes the platform's own lines to a
``<job>/<instance>/data-log`` log stream, each ``<ISO time>:[sagemaker logs]: <text>``: the
effective ``MaxConcurrentTransforms=1, MaxPayloadInMB=6, BatchStrategy=MULTI_RECORD`` and, per
failed input object, ``<bucket>/<key>: Bad HTTP status received from algorithm: 500``, a blank
line, ``Message:`` and the container's answer (or ``Unable to get response from algorithm``);
these lines are the ones users post from SageMaker's logs. The job folder's ``data-log`` holds
the same lines (other per-file errors, such as a record above MaxPayloadInMB, use estlab's
wording in that shape).
"""

import datetime as _dt
import http.client
import json
import shutil
import sys
import threading
from pathlib import Path

from estlab.workflow import _uris
from estlab.workflow._errors import EndpointError, JobFailedError, WorkflowError
from estlab.workflow.local.hosting import log_tail, post_invocation
from estlab.workflow._names import validate_name

__all__ = ["LocalTransform"]

MB = 1024 * 1024
DEFAULTS = {"BatchStrategy": "MultiRecord", "MaxPayloadInMB": 6}  # SDK local mode's
_STRATEGIES = {"MultiRecord": "MultiRecord", "SingleRecord": "SingleRecord",
               "MULTI_RECORD": "MultiRecord", "SINGLE_RECORD": "SingleRecord"}
_STRATEGY_ENV = {"MultiRecord": "MULTI_RECORD", "SingleRecord": "SINGLE_RECORD"}


def _now():
    return _dt.datetime.now(_dt.timezone.utc)


class _FileError(WorkflowError):
    """One input file could not be transformed (the job goes on with the others)."""


class _Stopped(WorkflowError):
    """StopTransformJob arrived: the job ends between two requests to the model server."""


def _data_log_lines(source, err):
    """The data-log lines SageMaker writes for an input object that failed with ``err``."""
    if isinstance(err, EndpointError) and err.status_code is not None:
        message = err.body.splitlines() or [""]
        texts = [f"Bad HTTP status received from algorithm: {err.status_code}", "", "Message:",
                 *message]
    elif isinstance(err, EndpointError):
        texts = ["Unable to get response from algorithm", str(err).splitlines()[0]]
    else:
        texts = [str(err)]
    return [f"{source}: {text}" for text in texts]


def _source_name(uri):
    """An input object as the data-log names it: ``bucket/key`` (a local path as it is)."""
    text = str(uri)
    return text[len("s3://"):] if _uris.is_s3(text) else text


def _records(data):
    """The non-empty lines of ``data``, without their line endings."""
    return [line.rstrip(b"\r\n") for line in data.splitlines() if line.strip()]


def _batches(data, split_type, strategy, limit):
    """Yield ``(body, records)`` requests for one file."""
    if split_type == "None":
        if limit and len(data) > limit:
            raise _FileError(f"the file is {len(data)} bytes, above MaxPayloadInMB "
                             f"({limit // MB} MB); use split_type='Line' to send it in records.")
        yield data, _records(data)
        return
    records = _records(data)
    for i, record in enumerate(records):
        if limit and len(record) + 1 > limit:
            raise _FileError(f"record {i} is {len(record)} bytes, above MaxPayloadInMB "
                             f"({limit // MB} MB).")
    if strategy == "SingleRecord":
        for record in records:
            yield record, [record]
        return
    batch, size = [], 0
    for record in records:
        if batch and limit and size + len(record) + 1 > limit:
            yield b"\n".join(batch) + b"\n", batch
            batch, size = [], 0
        batch.append(record)
        size += len(record) + 1
    if batch:
        yield b"\n".join(batch) + b"\n", batch


def _base(content_type):
    return (content_type or "").split(";")[0].strip().lower()


def _output_records(response, response_type, n):
    """Split one response into ``n`` output records (for JoinSource="Input")."""
    kind = _base(response_type)
    if kind == "application/json":
        value = json.loads(response)
        if n == 1 and not (isinstance(value, list) and len(value) == 1):
            value = [value]  # one record, one (non-list) answer
        outputs = value if isinstance(value, list) else [value]
    elif kind in ("text/csv", "application/jsonlines", "application/x-jsonlines"):
        lines = _records(response)
        outputs = [json.loads(line) if kind != "text/csv" else line.decode() for line in lines]
    else:
        raise _FileError(f"join_source='Input' needs CSV or JSON responses; the model answered "
                         f"{response_type!r}. Pass accept='text/csv' or 'application/json'.")
    if len(outputs) != n:
        raise _FileError(f"join_source='Input' needs one output record per input record; the "
                         f"model answered {len(outputs)} for {n}.")
    return outputs


def _join(record, output, content_type):
    """One input record joined with its output, as SageMaker's JoinSource="Input" does."""
    kind = _base(content_type)
    if kind == "text/csv":
        if isinstance(output, str):
            tail = output
        elif isinstance(output, list):
            tail = ",".join(json.dumps(v) if not isinstance(v, str) else v for v in output)
        else:
            tail = json.dumps(output)
        return record + b"," + tail.encode()
    if kind in ("application/json", "application/jsonlines", "application/x-jsonlines"):
        if isinstance(output, str):  # a CSV output row
            values = [float(v) for v in output.split(",")]
            output = values[0] if len(values) == 1 else values
        source = json.loads(record)
        if isinstance(source, dict):
            return json.dumps({**source, "SageMakerOutput": output}).encode()
        return json.dumps({"SageMakerInput": source, "SageMakerOutput": output}).encode()
    raise _FileError(f"join_source='Input' supports text/csv and JSON lines input; the job's "
                     f"content_type is {content_type!r}.")


def _execution_parameters(server):
    """The server's ``GET /execution-parameters`` JSON, or ``{}`` when it has none (404)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        conn.request("GET", "/execution-parameters")
        response = conn.getresponse()
        status, body = response.status, response.read().decode("utf-8", errors="replace")
    except (OSError, http.client.HTTPException) as err:
        raise WorkflowError(f"GET /execution-parameters got no answer ({err}).") from err
    finally:
        conn.close()
    if status == 404:
        return {}
    try:
        values = json.loads(body)
    except ValueError:
        values = None
    if status != 200 or not isinstance(values, dict):
        message = values.get("error-message", body) if isinstance(values, dict) else body
        raise WorkflowError(
            f"GET /execution-parameters answered {status}: {message}. The inference script's "
            "execution_parameters_fn must return a dict such as {'BatchStrategy': "
            "'MULTI_RECORD', 'MaxPayloadInMB': 6}; fix it, or pass strategy= and max_payload= "
            "to the Transformer.")
    return values


def _resolve(spec, server):
    """Effective ``{"BatchStrategy", "MaxPayloadInMB"}``: request, then server, then defaults."""
    requested = {"BatchStrategy": spec.strategy, "MaxPayloadInMB": spec.max_payload_mb}
    if None not in requested.values():
        return requested
    offered = _execution_parameters(server)
    effective = {}
    for key, value in requested.items():
        if value is None:
            value = offered.get(key, DEFAULTS[key])
            valid = (value in _STRATEGIES if key == "BatchStrategy" else
                     isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100)
            if not valid:
                expected = ("'MULTI_RECORD' or 'SINGLE_RECORD'" if key == "BatchStrategy"
                            else "an int from 0 to 100")
                raise WorkflowError(f"GET /execution-parameters gave {key}={value!r}; expected "
                                    f"{expected}. Fix the script's execution_parameters_fn.")
            value = _STRATEGIES.get(value, value)
        effective[key] = value
    return effective


class LocalTransform:
    """CreateTransformJob / DescribeTransformJob on this machine; used by ``LocalSession``.

    Parameters
    ----------
    root : pathlib.Path
        Job folders go under ``root / "transform"``.
    hosting : estlab.workflow.local.hosting.LocalHosting
        Holds the registered models and starts their servers.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from estlab.workflow.local.hosting import LocalHosting
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> LocalTransform(root, LocalHosting(root)).describe_transform_job("nope")
    Traceback (most recent call last):
    ...
    estlab.workflow._errors.WorkflowError: Could not find transform job 'nope'...
    """

    def __init__(self, root, hosting):
        self.root = Path(root)
        self.hosting = hosting
        self._jobs = {}

    def create_transform_job(self, spec):
        """Start the job in a background thread; return at once."""
        validate_name(spec.job_name, "transform job name")
        if spec.job_name in self._jobs:
            raise WorkflowError(f"Transform job {spec.job_name!r} already exists; choose another "
                                "job_name.")
        self._check(spec)
        folder = self.root / "transform" / spec.job_name
        folder.mkdir(parents=True, exist_ok=True)
        job = {"spec": spec, "status": "InProgress", "reason": None, "created": _now(),
               "parameters": {"BatchStrategy": spec.strategy,  # effective once the server
                              "MaxPayloadInMB": spec.max_payload_mb},  # has answered
               "start": None, "end": None, "folder": folder, "log": folder / "transform.log",
               "data_log": folder / "data-log", "server": None,
               "stop": threading.Event(), "done": threading.Event()}
        self.hosting._model(spec.model_name)  # fail now if the model does not exist
        self._jobs[spec.job_name] = job
        threading.Thread(target=self._run, args=(job,), daemon=True,
                         name=f"transform-{spec.job_name}").start()

    @staticmethod
    def _check(spec):
        allowed = {"split_type": ("None", "Line"),
                   "strategy": ("MultiRecord", "SingleRecord", None),
                   "assemble_with": ("None", "Line"), "join_source": ("None", "Input")}
        for field, values in allowed.items():
            if getattr(spec, field) not in values:
                raise WorkflowError(f"{field} must be one of {values}; got "
                                    f"{getattr(spec, field)!r}.")
        if spec.max_payload_mb is not None and not (0 <= spec.max_payload_mb <= 100):
            raise WorkflowError(f"max_payload must be between 0 and 100 MB; got "
                                f"{spec.max_payload_mb!r}.")

    # -- the job ------------------------------------------------------------------------------
    def _run(self, job):
        spec = job["spec"]
        job["start"] = _now()
        with open(job["log"], "a", encoding="utf-8", buffering=1) as log:
            def say(message):
                log.write(f"{_now():%Y-%m-%d %H:%M:%S} {message}\n")

            try:
                failures = self._transform_all(spec, job, say)
            except _Stopped:
                failures = None
            except Exception as err:  # the job fails, it does not crash the caller's thread
                failures = [f"{type(err).__name__}: {err}"]
            job["end"] = _now()
            # stored (or, if stopped, dropped: a stopped job stores no output)
            shutil.rmtree(job["folder"] / "output", ignore_errors=True)
            if failures is None:
                say("Stopped")
                job["status"] = "Stopped"
            elif failures:
                reason = "ClientError: " + "; ".join(failures)
                say(f"Failed: {reason}")
                job.update(status="Failed", reason=reason[:1024])
            else:
                say("Completed")
                job["status"] = "Completed"
        job["done"].set()

    def _transform_all(self, spec, job, say):
        env = {"SAGEMAKER_BATCH": "true", "SAGEMAKER_MAX_CONCURRENT_TRANSFORMS": "1"}
        if spec.max_payload_mb is not None:  # the limits go in only when the request sets them
            env["SAGEMAKER_MAX_PAYLOAD_IN_MB"] = str(spec.max_payload_mb or 100)
        if spec.strategy is not None:
            env["SAGEMAKER_BATCH_STRATEGY"] = ("SINGLE_RECORD" if spec.strategy == "SingleRecord"
                                               else "MULTI_RECORD")
        env.update(spec.env)
        inputs = _uris.list_objects(spec.data)
        if not inputs:
            return [f"No input files under {spec.data}; upload data there or fix the URI."]
        stop = job["stop"]
        with open(job["data_log"], "a", encoding="utf-8", buffering=1) as data_log:
            def data(*lines):
                stamp = f"{_now():%Y-%m-%dT%H:%M:%S.%f}"[:-3]
                data_log.writelines(f"{stamp}:[sagemaker logs]: {line}\n" for line in lines)

            say(f"Starting the model server for model {spec.model_name}")
            server = self.hosting.start_server(spec.model_name, job["folder"] / "server",
                                               spec.job_name, env)
            job["server"] = server
            self.hosting._servers.add(server)
            try:
                reason = server.wait_ready()
                if stop.is_set():
                    raise _Stopped(spec.job_name)
                if reason:
                    return [f"The model server failed to start: {reason}"]
                say(f"Model server ready at {server.url}; {len(inputs)} input file(s)")
                job["parameters"] = parameters = _resolve(spec, server)
                say(f"BatchStrategy {parameters['BatchStrategy']}, MaxPayloadInMB "
                    f"{parameters['MaxPayloadInMB']}")
                data(f"MaxConcurrentTransforms=1, MaxPayloadInMB={parameters['MaxPayloadInMB']}"
                     f", BatchStrategy={_STRATEGY_ENV[parameters['BatchStrategy']]}")
                results = self._transform_inputs(inputs, spec, parameters, server, job, say,
                                                 data)
            finally:
                server.stop()
                self.hosting._servers.discard(server)
        failures = []
        for relative, target, outcome in results:  # the job ended: store what succeeded
            if isinstance(outcome, Exception):
                failures.append(f"{relative}: {outcome}")
            else:
                _uris.upload(outcome, target)
                say(f"{relative}: {outcome.stat().st_size} bytes -> {target}")
        return failures

    def _transform_inputs(self, inputs, spec, parameters, server, job, say, data):
        """Transform each input into the staging folder; ``[(relative, target, path|error)]``."""
        stop, staged = job["stop"], job["folder"] / "output"
        prefix = self._prefix(spec.data)
        results = []
        for uri in inputs:
            if stop.is_set():
                raise _Stopped(spec.job_name)
            relative = uri[len(prefix):].lstrip("/") if uri != prefix else ""
            relative = relative or uri.rstrip("/").rsplit("/", 1)[-1]
            target = _uris.join(spec.output_path, relative + ".out")
            try:
                out = self._transform_file(_uris.read_bytes(uri), spec, parameters, server,
                                           stop)
            except _Stopped:
                raise
            except Exception as err:
                if stop.is_set():  # the stop ended the model server mid-request
                    raise _Stopped(spec.job_name) from err
                results.append((relative, target, err))
                say(f"{relative}: FAILED: {err}")
                data(*_data_log_lines(_source_name(uri), err))
                continue
            path = staged / (relative + ".out")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(out)
            say(f"{relative}: {len(out)} bytes transformed")
            results.append((relative, target, path))
        return results

    @staticmethod
    def _prefix(data):
        """``data`` in the form :func:`_uris.list_objects` returns its files in."""
        text = str(data).rstrip("/")
        if _uris.is_s3(text):
            return text
        path = _uris.local_path(text)
        return f"file://{path.as_posix()}" if text.startswith("file://") else str(path)

    @staticmethod
    def _transform_file(data, spec, parameters, server, stop=None):
        limit = int(parameters["MaxPayloadInMB"] * MB)
        pieces = []
        for body, records in _batches(data, spec.split_type, parameters["BatchStrategy"],
                                      limit):
            if stop is not None and stop.is_set():
                raise _Stopped(spec.job_name)
            response, response_type = post_invocation(server, body, spec.content_type,
                                                      spec.accept, what="The model server")
            if spec.join_source == "Input":
                outputs = _output_records(response, response_type, len(records))
                pieces.extend(_join(r, o, spec.content_type) + b"\n"
                              for r, o in zip(records, outputs))
            elif spec.assemble_with == "Line" and not response.endswith(b"\n"):
                pieces.append(response + b"\n")
            else:
                pieces.append(response)
        return b"".join(pieces)

    # -- describe / wait ------------------------------------------------------------------------
    def _get(self, name):
        try:
            return self._jobs[name]
        except KeyError:
            raise WorkflowError(f"Could not find transform job {name!r}: it was never created in "
                                "this session.") from None

    def stop_transform_job(self, name):
        """StopTransformJob: the job is ``Stopping`` at once and ends ``Stopped``, with no output.

        The model server is sent SIGTERM now, so a request in progress ends with it; no
        ``.out`` file is stored (SageMaker: "When you stop a batch transform job before it is
        completed, Amazon SageMaker doesn't store the job's output in Amazon S3").
        """
        job = self._get(name)
        if job["status"] == "InProgress":
            job["status"] = "Stopping"
            job["stop"].set()
            server = job["server"]
            if server is not None and server.process.poll() is None:
                server.process.terminate()  # the job's thread waits for it and cleans up

    def describe_transform_job(self, name):
        """A DescribeTransformJob-shaped dict."""
        job = self._get(name)
        spec = job["spec"]
        record = {
            "TransformJobName": name,
            "TransformJobArn": f"arn:aws:sagemaker:local:000000000000:transform-job/{name.lower()}",
            "TransformJobStatus": job["status"],
            "ModelName": spec.model_name,
            "MaxConcurrentTransforms": 1,
            **job["parameters"],  # the effective values (unset ones: None until resolved)
            "Environment": dict(spec.env),
            "TransformInput": {
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": spec.data}},
                "ContentType": spec.content_type, "CompressionType": "None",
                "SplitType": spec.split_type},
            "TransformOutput": {"S3OutputPath": spec.output_path, "Accept": spec.accept,
                                "AssembleWith": spec.assemble_with},
            "TransformResources": {"InstanceType": spec.instance_type,
                                   "InstanceCount": spec.instance_count},
            "DataProcessing": {"InputFilter": "$", "OutputFilter": "$",
                               "JoinSource": spec.join_source},
            "CreationTime": job["created"],
        }
        if job["start"]:
            record["TransformStartTime"] = job["start"]
        if job["end"]:
            record["TransformEndTime"] = job["end"]
        if job["reason"]:
            record["FailureReason"] = job["reason"]
        return {k: v for k, v in record.items() if v is not None}

    def wait(self, name, logs=True, out=None):
        """Block until the job ends (printing its log if ``logs``); return its description.

        Raises :class:`~estlab.workflow.JobFailedError` if the job Failed.
        """
        job = self._get(name)
        out = sys.stdout if out is None else out
        position = 0
        if logs:
            print(f"{name}: transform job started (log: {job['log']})", file=out, flush=True)
        while True:
            finished = job["done"].wait(0.05)
            if logs and job["log"].exists():
                with open(job["log"], encoding="utf-8", errors="replace") as f:
                    f.seek(position)
                    chunk = f.read()
                    position = f.tell()
                if chunk:
                    print(chunk, end="", file=out, flush=True)
            if finished:
                break
        description = self.describe_transform_job(name)
        if description["TransformJobStatus"] != "Completed":
            tail = log_tail(job["log"])
            raise JobFailedError(
                f"Transform job {name} failed: {description.get('FailureReason', '')}\n"
                f"Log tail ({job['log']}):\n{tail}",
                job_name=name, description=description, log_tail=tail)
        return description
