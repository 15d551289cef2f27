"""Processing jobs: CreateProcessingJob and friends, run as the request's container would run.

A processing request says everything itself: ``AppSpecification.ContainerEntrypoint`` and
``ContainerArguments`` are the command, and the code is one of the ``ProcessingInputs`` (the
SDK's ``ScriptProcessor`` sends ``["python3", "/opt/ml/processing/input/code/<script>"]``,
its ``FrameworkProcessor`` ``["/bin/bash", "/opt/ml/processing/input/entrypoint/runproc.sh"]``
with the source bundle in a ``code`` input). So the request becomes a ``ProcessingJobSpec`` with
``entrypoint`` set, and each host runs exactly that argv in its sandbox, ``/opt/ml`` at its real
path. Inputs are fetched to their ``LocalPath``; outputs are uploaded from theirs when every
host exits 0 (``EndOfJob``).

What does not run locally fails the job, as SageMaker fails it, with a FailureReason that says
why and what to send instead: an image without a local profile, ``Pipe`` input mode, gzip
compressed inputs, dataset-definition (Athena/Redshift) inputs, ``Continuous`` upload mode.

Examples
--------
>>> request = {"ProcessingJobName": "p", "RoleArn": "arn:aws:iam::000000000000:role/r",
...     "ProcessingResources": {"ClusterConfig": {"InstanceCount": 1,
...         "InstanceType": "ml.m5.large", "VolumeSizeInGB": 30}},
...     "AppSpecification": {"ImageUri": "estlab-local",
...         "ContainerEntrypoint": ["python3", "/opt/ml/processing/input/code/prep.py"],
...         "ContainerArguments": ["--ratio", "0.2"]},
...     "ProcessingInputs": [{"InputName": "code", "S3Input": {"S3Uri": "s3://b/code/prep.py",
...         "LocalPath": "/opt/ml/processing/input/code", "S3DataType": "S3Prefix",
...         "S3InputMode": "File"}}]}
>>> spec = spec_from_request(request)
>>> spec.entrypoint + spec.arguments
('python3', '/opt/ml/processing/input/code/prep.py', '--ratio', '0.2')
>>> [(i.input_name, i.destination) for i in spec.inputs]
[('code', '/opt/ml/processing/input/code')]
"""

import shutil

from estlab.workflow._specs import ProcessingInputSpec, ProcessingJobSpec, ProcessingOutputSpec
from estlab.workflow.local.api import images
from estlab.workflow.local.api.errors import ApiError, in_use, limit_exceeded, not_found
from estlab.workflow.local.api.listing import paginate
from estlab.workflow.local.api.store import dump, load
from estlab.workflow.local.api.training import MAX_INSTANCES
from estlab.workflow.local.records import JobRecord, SecondaryStatus, now

__all__ = ["OPERATIONS", "spec_from_request"]

FAMILY = "processing-jobs"
_TERMINAL = ("Completed", "Failed", "Stopped")


def _input(item):
    """One ProcessingInput as a ``ProcessingInputSpec``, or ``ValueError(reason)``."""
    name = item["InputName"]
    s3 = item.get("S3Input")
    if s3 is None:
        raise ValueError(f"ClientError: input {name!r} is a DatasetDefinition (Athena or "
                         "Redshift query); only S3Input inputs run locally. Run the query "
                         "yourself and pass its result as an S3Input.")
    if s3.get("S3InputMode", "File") != "File":
        raise ValueError(f"ClientError: input {name!r} asks for S3InputMode "
                         f"{s3['S3InputMode']!r}; only 'File' runs locally.")
    if s3.get("S3CompressionType", "None") != "None":
        raise ValueError(f"ClientError: input {name!r} asks for S3CompressionType "
                         f"{s3['S3CompressionType']!r}; only 'None' runs locally.")
    return ProcessingInputSpec(
        source=s3["S3Uri"], destination=s3["LocalPath"], input_name=name,
        s3_data_distribution_type=s3.get("S3DataDistributionType", "FullyReplicated"))


def _output(item):
    """One ProcessingOutput as a ``ProcessingOutputSpec``, or ``ValueError(reason)``."""
    name = item["OutputName"]
    s3 = item.get("S3Output")
    if s3 is None:
        raise ValueError(f"ClientError: output {name!r} is a FeatureStoreOutput; only S3Output "
                         "outputs run locally.")
    if s3.get("S3UploadMode", "EndOfJob") != "EndOfJob":
        raise ValueError(f"ClientError: output {name!r} asks for S3UploadMode "
                         f"{s3['S3UploadMode']!r}; only 'EndOfJob' runs locally.")
    return ProcessingOutputSpec(source=s3["LocalPath"], destination=s3["S3Uri"],
                                output_name=name)


def spec_from_request(request):
    """The ``ProcessingJobSpec`` for a CreateProcessingJob request, or ``ValueError(reason)``."""
    app = request["AppSpecification"]
    image = app["ImageUri"]
    if not images.runs_locally(image):
        raise ValueError(images.unsupported_reason(image))
    if not images.runs_scripts(image):
        raise ValueError(f"ClientError: The image '{image}' is a built-in algorithm: locally it "
                         "runs training jobs, endpoints and transform jobs, not processing "
                         "jobs. Process with the scikit-learn image.")
    entrypoint = tuple(app.get("ContainerEntrypoint") or ())
    if not entrypoint:
        raise ValueError(
            f"ClientError: the image '{image}' has no ENTRYPOINT locally (estlab's images are "
            "a Python environment, not a container with its own command): send "
            "AppSpecification.ContainerEntrypoint, e.g. ['python3', "
            "'/opt/ml/processing/input/code/<script>.py'], as the SDK's processors do.")
    cluster = request["ProcessingResources"]["ClusterConfig"]
    outputs = (request.get("ProcessingOutputConfig") or {}).get("Outputs") or []
    return ProcessingJobSpec(
        job_name=request["ProcessingJobName"], command=(), code=None, entrypoint=entrypoint,
        arguments=tuple(app.get("ContainerArguments") or ()),
        inputs=tuple(_input(i) for i in request.get("ProcessingInputs") or []),
        outputs=tuple(_output(o) for o in outputs),
        instance_count=cluster["InstanceCount"], instance_type=cluster["InstanceType"],
        env=request.get("Environment") or {}, image_uri=image, role=request.get("RoleArn"),
        max_run=(request.get("StoppingCondition") or {}).get("MaxRuntimeInSeconds"),
        network_isolation=bool((request.get("NetworkConfig") or {}).get(
            "EnableNetworkIsolation")))


# ------------------------------------------------------------------------------ operations --
def create_processing_job(plane, params):
    name = params["ProcessingJobName"]
    arn = plane.arn("processing-job", name)
    cluster = params["ProcessingResources"]["ClusterConfig"]
    if cluster["InstanceCount"] > MAX_INSTANCES:
        raise limit_exceeded(
            f"The account-level service limit '{cluster['InstanceType']} for processing job "
            f"usage' is {MAX_INSTANCES} Instances, with current utilization of 0 Instances and "
            f"a request delta of {cluster['InstanceCount']} Instances. estlab serve runs every "
            "host as a process on this machine; ask for fewer instances.")
    with plane.lock:
        folder = plane.session.job_folder("processing", name)
        if plane.store.get(FAMILY, name) is not None or folder.exists():
            raise in_use("processing job", name, arn)
        request = {k: v for k, v in params.items() if k != "Tags"}
        plane.store.put(FAMILY, name, {"Request": request, "CreationTime": now()})
        try:
            plane.session.create_processing_job(spec_from_request(params))
        except Exception as err:  # the job exists and fails, as on SageMaker
            reason = str(err) if isinstance(err, ValueError) else \
                f"ClientError: {type(err).__name__}: {err}"
            record = JobRecord("processing", name, request, folder=folder, region=plane.region)
            record.finish(SecondaryStatus.FAILED, "Processing job failed", failure_reason=reason)
        else:
            if plane.logs is not None:
                plane.logs.watch("ProcessingJobs", name,
                                 plane.session.log_path("processing", name),
                                 lambda: _status(plane, name) in _TERMINAL)
    if params.get("Tags"):
        plane.store.put("tags", arn.replace("/", "+"), {"Tags": params["Tags"]})
    return {"ProcessingJobArn": arn}


def _status(plane, name):
    try:
        return plane.session.describe_processing_job(name)["ProcessingJobStatus"]
    except Exception:
        return "Failed"


def describe_processing_job(plane, params):
    name = params["ProcessingJobName"]
    stored = plane.store.get(FAMILY, name)
    if stored is None:
        raise not_found("processing job", name)
    record = plane.session.describe_processing_job(name)
    record.update(stored["Request"])  # the request as the client sent it
    record["ProcessingJobArn"] = plane.arn("processing-job", name)
    return record


def list_processing_jobs(plane, params):
    rows = []
    for name in plane.store.names(FAMILY):
        d = describe_processing_job(plane, {"ProcessingJobName": name})
        rows.append({k: d[k] for k in ("ProcessingJobName", "ProcessingJobArn", "CreationTime",
                                       "ProcessingEndTime", "LastModifiedTime",
                                       "ProcessingJobStatus", "FailureReason", "ExitMessage")
                     if k in d})
    page, token = paginate(rows, params, "ProcessingJobName", "ProcessingJobStatus")
    return {"ProcessingJobSummaries": page, **({"NextToken": token} if token else {})}


def stop_processing_job(plane, params):
    name = params["ProcessingJobName"]
    status = describe_processing_job(plane, params)["ProcessingJobStatus"]
    if status != "InProgress":
        raise ApiError("ValidationException", f"The request was rejected because the "
                                              f"processing job is in status {status}.")
    plane.session.stop_processing_job(name)


def delete_processing_job(plane, params):
    name = params["ProcessingJobName"]
    status = describe_processing_job(plane, params)["ProcessingJobStatus"]
    if status not in _TERMINAL:
        raise ApiError("ValidationException", f"The processing job {name} is in status "
                                              f"{status}; stop it and wait until it has ended "
                                              "to delete it.")
    with plane.lock:
        plane.store.delete(FAMILY, name)
        shutil.rmtree(plane.session.job_folder("processing", name), ignore_errors=True)


def recover(plane):
    """After a restart: jobs that were running when the server stopped end Failed, with why."""
    for name in plane.store.names(FAMILY):
        path = plane.session.job_folder("processing", name) / "describe.json"
        if not path.is_file():
            continue
        record = load(path)
        if record.get("ProcessingJobStatus") in _TERMINAL:
            continue
        stamp = now()
        record.update(ProcessingJobStatus="Failed", ProcessingEndTime=stamp,
                      LastModifiedTime=stamp,
                      FailureReason="InternalServerError: estlab serve stopped while this job "
                                    "ran; its processes ended with it. Create the job again.")
        dump(path, record)


OPERATIONS = {
    "CreateProcessingJob": create_processing_job,
    "DescribeProcessingJob": describe_processing_job,
    "ListProcessingJobs": list_processing_jobs,
    "StopProcessingJob": stop_processing_job,
    "DeleteProcessingJob": delete_processing_job,
}
