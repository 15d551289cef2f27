"""Batch transform jobs: CreateTransformJob and friends, run by the local runtime's transform.

A transform request names a model (a CreateModel record: image, ``ModelDataUrl``, environment)
and says how to feed it: ``TransformInput`` (an S3 prefix, ``ContentType``, ``SplitType``),
``BatchStrategy`` and ``MaxPayloadInMB``, ``TransformOutput`` (``S3OutputPath``, ``Accept``,
``AssembleWith``) and ``DataProcessing.JoinSource``. The model record becomes a ``ModelSpec``
exactly as for an endpoint (:func:`.models.model_spec`), the request a ``TransformJobSpec``, and
the runtime's :class:`~estlab.workflow.local.transform.LocalTransform` starts the model server
and writes one ``<input>.out`` per input object under ``S3OutputPath``.

The job's state lives in the runtime while it runs; when it ends, the outcome (status, reason,
times, effective BatchStrategy/MaxPayloadInMB) is written to the store, so a restarted
``estlab serve`` still describes it. A job that was running when the server stopped ends
Failed, saying so. The model server's output is shipped to ``/aws/sagemaker/TransformJobs``.

What does not run locally fails the job with a FailureReason that says why: an image without
a local profile, gzip input, manifest data sources, ``RecordIO``/``TFRecord`` splitting,
``InputFilter``/``OutputFilter`` other than ``$``.

Examples
--------
>>> request = {"TransformJobName": "t", "ModelName": "m",
...     "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
...         "S3Uri": "s3://b/in"}}, "ContentType": "text/csv", "SplitType": "Line"},
...     "TransformOutput": {"S3OutputPath": "s3://b/out", "AssembleWith": "Line"},
...     "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
...     "BatchStrategy": "MultiRecord"}
>>> spec = spec_from_request(request)
>>> spec.split_type, spec.strategy, spec.max_payload_mb, spec.assemble_with, spec.join_source
('Line', 'MultiRecord', None, 'Line', 'None')
"""

import threading
import time
from datetime import datetime, timezone

from estlab.workflow import _uris
from estlab.workflow._errors import WorkflowError
from estlab.workflow._specs import TransformJobSpec
from estlab.workflow.local.api import images, models
from estlab.workflow.local.api.errors import (ApiError, in_use, is_retry, limit_exceeded,
                                              not_found)
from estlab.workflow.local.api.listing import paginate
from estlab.workflow.local.api.training import MAX_INSTANCES
from estlab.workflow.local.records import now

__all__ = ["OPERATIONS", "spec_from_request"]

FAMILY = "transform-jobs"
_TERMINAL = ("Completed", "Failed", "Stopped")
_RESTARTED = ("InternalServerError: estlab serve stopped while this job ran; its model server "
              "ended with it. Create the job again.")


def spec_from_request(request):
    """The ``TransformJobSpec`` for a CreateTransformJob request, or ``ValueError(reason)``."""
    source = request["TransformInput"]
    s3 = source["DataSource"].get("S3DataSource")
    if s3 is None:
        raise ValueError("ClientError: TransformInput.DataSource has no S3DataSource; only S3 "
                         "inputs run locally.")
    if s3.get("S3DataType", "S3Prefix") != "S3Prefix":
        raise ValueError(f"ClientError: S3DataType {s3['S3DataType']!r} does not run locally; "
                         "send 'S3Prefix' with the prefix (or object) to transform.")
    if source.get("CompressionType", "None") != "None":
        raise ValueError(f"ClientError: CompressionType {source['CompressionType']!r} does not "
                         "run locally; upload the input uncompressed and send 'None'.")
    split = source.get("SplitType", "None")
    if split not in ("None", "Line"):
        raise ValueError(f"ClientError: SplitType {split!r} does not run locally; send 'Line' "
                         "(one record per line) or 'None' (each file whole).")
    processing = request.get("DataProcessing") or {}
    for key in ("InputFilter", "OutputFilter"):
        if processing.get(key, "$") != "$":
            raise ValueError(f"ClientError: DataProcessing.{key} {processing[key]!r} is not "
                             "applied locally (JSONPath filters are not implemented); send '$' "
                             "and select the fields in the inference script.")
    output = request["TransformOutput"]
    resources = request["TransformResources"]
    return TransformJobSpec(
        job_name=request["TransformJobName"], model_name=request["ModelName"],
        data=s3["S3Uri"], output_path=output["S3OutputPath"],
        content_type=source.get("ContentType"), split_type=split,
        strategy=request.get("BatchStrategy"), max_payload_mb=request.get("MaxPayloadInMB"),
        assemble_with=output.get("AssembleWith", "None"), accept=output.get("Accept"),
        join_source=processing.get("JoinSource", "None"),
        instance_count=resources["InstanceCount"], instance_type=resources["InstanceType"],
        env=request.get("Environment") or {})


# ------------------------------------------------------------------------------ operations --
def create_transform_job(plane, params):
    name = params["TransformJobName"]
    arn = plane.arn("transform-job", name)
    model = models.require(plane, params["ModelName"])  # 'Could not find model "arn:..."'
    resources = params["TransformResources"]
    if resources["InstanceCount"] > MAX_INSTANCES:
        raise limit_exceeded(
            f"The account-level service limit '{resources['InstanceType']} for transform job "
            f"usage' is {MAX_INSTANCES} Instances, with current utilization of 0 Instances and "
            f"a request delta of {resources['InstanceCount']} Instances. estlab serve runs "
            "every instance as a process on this machine; ask for fewer instances.")
    with plane.lock:
        stored = plane.store.get(FAMILY, name)
        if is_retry(stored, plane.invocation):  # botocore resent it: the job it made is the answer
            return {"TransformJobArn": arn}
        if stored is not None:
            raise in_use("transform job", name, arn)
    _require_input(plane, model, params["TransformInput"])  # lists S3: outside the lock
    with plane.lock:
        if plane.store.get(FAMILY, name) is not None:  # again: claimed while we listed?
            raise in_use("transform job", name, arn)
        request = {k: v for k, v in params.items() if k != "Tags"}
        plane.store.put(FAMILY, name, {"Request": request, "CreationTime": now(),
                                       "Invocation": plane.invocation})
        try:
            image = models.container(model).get("Image", "")
            if not images.runs_locally(image):
                raise ValueError(images.unsupported_reason(image))
            if models.isolation_reason(model):
                raise ValueError(models.isolation_reason(model))
            spec = spec_from_request(params)
            plane.session.create_model(models.model_spec(model))
            plane.session.create_transform_job(spec)
        except Exception as err:  # the job exists and fails, as on SageMaker; the server lives
            if isinstance(err, (ValueError, WorkflowError)):
                reason = str(err) if str(err).startswith("ClientError") else f"ClientError: {err}"
            else:  # not the request's fault: say what broke
                reason = f"InternalServerError: {type(err).__name__}: {err}"
            stamp = now()
            plane.store.update(FAMILY, name, Outcome={
                "TransformJobStatus": "Failed", "FailureReason": reason[:1024],
                "TransformStartTime": stamp, "TransformEndTime": stamp})
        else:
            threading.Thread(target=_record_outcome, args=(plane, name), daemon=True,
                             name=f"estlab-transform-{name}").start()
            if plane.logs is not None:
                folder, epoch = plane.session.root / "transform" / name, int(time.time())
                for path, suffix in ((folder / "server" / "server.log", ""),
                                     (folder / "data-log", "/data-log")):
                    plane.logs.watch("TransformJobs", name, path,
                                     lambda: _status(plane, name) in _TERMINAL, epoch, suffix)
    if params.get("Tags"):
        plane.store.put("tags", arn.replace("/", "+"), {"Tags": params["Tags"]})
    return {"TransformJobArn": arn}


def _require_input(plane, model, source):
    """SageMaker's ValidationException when the input S3 prefix holds no object.

    CreateTransformJob lists the input before it creates anything, and rejects a prefix with
    no objects under it (or a bucket that does not exist) in these words, naming the model's
    execution role.
    """
    uri = (source["DataSource"].get("S3DataSource") or {}).get("S3Uri", "")
    if not _uris.is_s3(uri):
        return
    try:
        found = _uris.list_objects(uri)
    except WorkflowError as err:
        code = getattr(err.__cause__, "response", {}).get("Error", {}).get("Code")
        if code not in ("NoSuchBucket", "404", "NotFound"):
            return  # another S3 problem: the job fails on it, naming it
        found = []
    if not found:
        bucket = uri[len("s3://"):].split("/", 1)[0]
        role = model.get("ExecutionRoleArn", "")
        raise ApiError(
            "ValidationException",
            f'No S3 objects found under S3 URL "{uri}" given in input data source. Please '
            f"ensure that the bucket exists in the selected region ({plane.region}), that "
            f'objects exist under that S3 prefix, and that the role "{role}" has '
            f'"s3:ListBucket" permissions on bucket "{bucket}".')


def _record_outcome(plane, name):
    """Wait for the job to end; keep its outcome in the store (it outlives the runtime)."""
    try:
        try:
            plane.session.wait_for_job("transform", name, logs=False)
        except WorkflowError:
            pass  # Failed or Stopped: the description says which
        live = plane.session.describe_transform_job(name)
        outcome = {k: live[k] for k in ("TransformJobStatus", "FailureReason",
                                        "TransformStartTime", "TransformEndTime",
                                        "BatchStrategy", "MaxPayloadInMB") if k in live}
    except Exception as err:  # never leave the record without an outcome
        outcome = {"TransformJobStatus": "Failed", "TransformEndTime": now(),
                   "FailureReason": f"InternalServerError: {type(err).__name__}: {err}"[:1024]}
    plane.store.update(FAMILY, name, Outcome=outcome)


def _status(plane, name):
    try:
        return describe(plane, name)["TransformJobStatus"]
    except Exception:
        return "Failed"


def _live(plane, name):
    """The runtime's description of ``name``, or None if this server did not start it."""
    try:
        record = plane.session.describe_transform_job(name)
    except WorkflowError:
        return None
    return {k: record[k] for k in ("TransformJobStatus", "FailureReason", "TransformStartTime",
                                   "TransformEndTime", "BatchStrategy", "MaxPayloadInMB")
            if record.get(k) is not None}


def describe(plane, name):
    """The DescribeTransformJob record of ``name`` (raises SageMaker's error if unknown)."""
    stored = plane.store.get(FAMILY, name)
    if stored is None:
        raise not_found("transform job", name)
    state = stored.get("Outcome") or _live(plane, name)
    if state is None:  # started by an earlier server, which stopped before it ended
        state = {"TransformJobStatus": "Failed", "FailureReason": _RESTARTED}
    request = stored["Request"]
    record = {**state, **request,  # the request as the client sent it; effective values else
              "TransformJobArn": plane.arn("transform-job", name),
              "TransformJobStatus": state["TransformJobStatus"],
              "CreationTime": stored["CreationTime"]}
    record.setdefault("MaxConcurrentTransforms", 1)  # one request at a time locally
    return record


def describe_transform_job(plane, params):
    return describe(plane, params["TransformJobName"])


def list_transform_jobs(plane, params):
    rows = []
    for name in plane.store.names(FAMILY):
        d = describe(plane, name)
        row = {k: d[k] for k in ("TransformJobName", "TransformJobArn", "CreationTime",
                                 "TransformEndTime", "TransformJobStatus", "FailureReason")
               if k in d}
        row["LastModifiedTime"] = d.get("TransformEndTime") or d.get("TransformStartTime") \
            or d["CreationTime"]
        rows.append(row)
    for key, keep in (("LastModifiedTimeAfter", lambda t, v: t > v),
                      ("LastModifiedTimeBefore", lambda t, v: t < v)):
        value = params.get(key)
        if isinstance(value, (int, float)):  # epoch seconds on the wire
            value = datetime.fromtimestamp(value, timezone.utc)
        if value is not None:
            rows = [r for r in rows if keep(r["LastModifiedTime"], value)]
    page, token = paginate(rows, params, "TransformJobName", "TransformJobStatus")
    return {"TransformJobSummaries": page, **({"NextToken": token} if token else {})}


def stop_transform_job(plane, params):
    name = params["TransformJobName"]
    status = describe(plane, name)["TransformJobStatus"]
    if status in _TERMINAL:
        raise ApiError("ValidationException", f"The request was rejected because the "
                                              f"transform job is in status {status}.")
    plane.session.stop_transform_job(name)


def recover(plane):
    """After a restart: jobs that were running when the server stopped end Failed, with why."""
    for name in plane.store.names(FAMILY):
        stored = plane.store.get(FAMILY, name)
        if stored is not None and "Outcome" not in stored:
            stamp = now()
            plane.store.update(FAMILY, name, Outcome={
                "TransformJobStatus": "Failed", "FailureReason": _RESTARTED,
                "TransformEndTime": stamp})


OPERATIONS = {
    "CreateTransformJob": create_transform_job,
    "DescribeTransformJob": describe_transform_job,
    "ListTransformJobs": list_transform_jobs,
    "StopTransformJob": stop_transform_job,
}
