"""Training jobs: CreateTrainingJob and friends, translated into a ``TrainingJobSpec``.

A request names its code in one of the two ways the SDKs send it, or runs a built-in algorithm:

* **SDK v2 script mode** (and estlab's own ``Estimator`` on SageMaker): hyperparameters
  ``sagemaker_program`` (the entry point) and ``sagemaker_submit_directory`` (an S3
  ``sourcedir.tar.gz``), every value ``json.dumps``'d.
* **SDK v3** ``ModelTrainer``: channels ``code`` (the source folder) and ``sm_drivers`` (the
  SDK's drivers, with ``sourcecode.json`` naming ``entry_script``), and a container entrypoint
  that runs ``sm_drivers/sm_train.sh``.
* **a built-in algorithm** (``images.ALGORITHMS``: Linear Learner, or XGBoost with neither): no code
  at all; the spec names the algorithm's module (``TrainingJobSpec.algorithm``), the
  hyperparameters go to ``hyperparameters.json`` exactly as sent, and the algorithm's own metric
  definitions are added to the request's.

The first two become ``TrainingJobSpec(entry_point, source_dir, hyperparameters, channels...)``
run by the local runtime's training toolkit contract. Until the runtime honours
``ContainerEntrypoint`` itself (the container issue), the v3 route runs the entry script through
that contract, not through the SDK's ``sm_train.sh``: the script's argv then follows the v2
toolkit's rules.

The job's status, secondary-status transitions, FailureReason, ModelArtifacts and metrics come
from the runtime's ``describe.json``; the request fields are echoed as the client sent them.
"""

import importlib
import json
import shutil

from estlab.workflow import _uris
from estlab.workflow._specs import ChannelSpec, TrainingJobSpec
from estlab.workflow.local.api import images
from estlab.workflow.local.api.errors import ApiError, in_use, limit_exceeded, not_found
from estlab.workflow.local.api.listing import paginate
from estlab.workflow.local.api.store import dump, load
from estlab.workflow.local.records import JobRecord, SecondaryStatus, now

__all__ = ["OPERATIONS", "spec_from_request", "MAX_INSTANCES"]

FAMILY = "training-jobs"
MAX_INSTANCES = 8  # hosts are processes on this machine; more is refused as a quota would be
_V3_CHANNELS = ("code", "sm_drivers")
_TERMINAL = ("Completed", "Failed", "Stopped")


def _decode(text):
    """A hyperparameter string back into the Python value the client encoded."""
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def spec_from_request(request, staging):
    """The ``TrainingJobSpec`` for a CreateTrainingJob request, or raise ``ValueError(reason)``.

    ``staging`` is a folder for the v3 route's code channel, downloaded before the job starts.
    """
    algorithm = request["AlgorithmSpecification"]
    image = algorithm.get("TrainingImage") or ""
    if not images.runs_locally(image):
        raise ValueError(images.unsupported_reason(image or algorithm.get("AlgorithmName", "")))
    hps = dict(request.get("HyperParameters") or {})
    channels = {c["ChannelName"]: c for c in request.get("InputDataConfig") or []}
    if images.algorithm(image) and not images.runs_scripts(image):  # no script mode at all
        return _algorithm_spec(request, images.algorithm(image), channels)
    if "sagemaker_program" in hps:  # v2 script mode
        entry_point = _decode(hps["sagemaker_program"])
        source_dir = _decode(hps.get("sagemaker_submit_directory", "null"))
        user = {k: _decode(v) for k, v in hps.items() if not k.startswith("sagemaker_")}
    elif all(name in channels for name in _V3_CHANNELS):  # SDK v3 ModelTrainer
        drivers = _s3_uri(channels["sm_drivers"])
        source = json.loads(_uris.read_bytes(_uris.join(drivers, "sourcecode.json")))
        if not source.get("entry_script"):
            raise ValueError("ClientError: SourceCode without entry_script (a 'command') is not "
                             "run locally yet; give SourceCode(source_dir=..., entry_script=...).")
        entry_point = source["entry_script"]
        if staging.exists():
            shutil.rmtree(staging)
        _uris.download(_s3_uri(channels["code"]), staging)
        source_dir = str(staging)
        user = {k: _decode(v) for k, v in hps.items()}
        channels = {k: v for k, v in channels.items() if k not in _V3_CHANNELS}
    elif images.algorithm(image):  # a built-in algorithm: no script, the image's own program
        return _algorithm_spec(request, images.algorithm(image), channels)
    else:
        raise ValueError(
            f"ClientError: The image '{image}' runs a training script, but the request names "
            "none: send the hyperparameters sagemaker_program and sagemaker_submit_directory "
            "(SDK v2 script mode) or the channels 'code' and 'sm_drivers' (SDK v3 ModelTrainer).")
    if source_dir is not None and not (_uris.is_s3(source_dir) or str(source_dir).endswith(
            ".tar.gz") or str(source_dir) == str(staging)):
        raise ValueError(f"ClientError: sagemaker_submit_directory {source_dir!r} is not an S3 "
                         "URI of a sourcedir.tar.gz.")
    resources = request["ResourceConfig"]
    return TrainingJobSpec(
        job_name=request["TrainingJobName"], entry_point=entry_point, source_dir=source_dir,
        hyperparameters=user,
        channels=_channel_specs(channels),
        instance_count=resources.get("InstanceCount", 1),
        instance_type=resources.get("InstanceType", "local"),
        output_path=request["OutputDataConfig"]["S3OutputPath"],
        environment=request.get("Environment") or {},
        metric_definitions=tuple(algorithm.get("MetricDefinitions") or ()),
        image_uri=image, role=request.get("RoleArn"),
        network_isolation=bool(request.get("EnableNetworkIsolation")),
        max_run=request["StoppingCondition"].get("MaxRuntimeInSeconds"))


def _algorithm_spec(request, module, channels):
    """A built-in algorithm's job: hyperparameters as sent, the algorithm's metric regexes."""
    algorithm = request["AlgorithmSpecification"]
    own = importlib.import_module(module).METRIC_DEFINITIONS  # imports no xgboost
    asked = list(algorithm.get("MetricDefinitions") or ())
    names = {d["Name"] for d in asked}
    resources = request["ResourceConfig"]
    return TrainingJobSpec(
        job_name=request["TrainingJobName"], entry_point="", algorithm=module,
        hyperparameters=dict(request.get("HyperParameters") or {}),
        channels=_channel_specs(channels),
        instance_count=resources.get("InstanceCount", 1),
        instance_type=resources.get("InstanceType", "local"),
        output_path=request["OutputDataConfig"]["S3OutputPath"],
        environment=request.get("Environment") or {},
        metric_definitions=tuple(asked) + tuple(d for d in own if d["Name"] not in names),
        image_uri=algorithm.get("TrainingImage"), role=request.get("RoleArn"),
        max_run=request["StoppingCondition"].get("MaxRuntimeInSeconds"))


def _channel_specs(channels):
    return tuple(ChannelSpec(
        name=name, uri=_s3_uri(c),
        distribution=c["DataSource"]["S3DataSource"].get("S3DataDistributionType",
                                                         "FullyReplicated"),
        content_type=c.get("ContentType"), input_mode=c.get("InputMode", "File"))
        for name, c in channels.items())


def _s3_uri(channel):
    source = channel["DataSource"].get("S3DataSource")
    if source is None:
        raise ValueError(f"ClientError: channel {channel['ChannelName']!r} has no S3DataSource; "
                         "only S3 channels run locally.")
    return source["S3Uri"]


# ------------------------------------------------------------------------------ operations --
def create_training_job(plane, params):
    name = params["TrainingJobName"]
    arn = plane.arn("training-job", name)
    count = params["ResourceConfig"].get("InstanceCount", 1)
    if count > MAX_INSTANCES:
        raise limit_exceeded(
            f"The account-level service limit '{params['ResourceConfig'].get('InstanceType')} for "
            f"training job usage' is {MAX_INSTANCES} Instances, with current utilization of 0 "
            f"Instances and a request delta of {count} Instances. estlab serve runs every host "
            "as a process on this machine; ask for fewer instances.")
    with plane.lock:
        folder = plane.session.job_folder("training", name)
        if plane.store.get(FAMILY, name) is not None or folder.exists():
            raise in_use("training job", name, arn)
        request = {k: v for k, v in params.items() if k != "Tags"}
        plane.store.put(FAMILY, name, {"Request": request, "CreationTime": now()})
        try:
            spec = spec_from_request(params, plane.root / "api" / "staging" / name / "code")
            plane.session.create_training_job(spec)
        except Exception as err:  # the job exists and fails, as on SageMaker
            reason = str(err) if isinstance(err, ValueError) else \
                f"ClientError: {type(err).__name__}: {err}"
            record = JobRecord("training", name, request, folder=folder, region=plane.region)
            record.finish(SecondaryStatus.FAILED, "Training job failed", failure_reason=reason)
        else:
            if plane.logs is not None:
                plane.logs.watch("TrainingJobs", name, plane.session.log_path("training", name),
                                 lambda: _status(plane, name) in _TERMINAL)
    if params.get("Tags"):
        plane.store.put("tags", arn.replace("/", "+"), {"Tags": params["Tags"]})
    return {"TrainingJobArn": arn}


def _status(plane, name):
    try:
        return plane.session.describe_training_job(name)["TrainingJobStatus"]
    except Exception:
        return "Failed"


def describe_training_job(plane, params):
    name = params["TrainingJobName"]
    stored = plane.store.get(FAMILY, name)
    if stored is None:
        raise not_found("training job", name)
    record = plane.session.describe_training_job(name)
    record.update(stored["Request"])  # the request as the client sent it
    record["TrainingJobArn"] = plane.arn("training-job", name)
    record.setdefault("ModelArtifacts", {"S3ModelArtifacts": ""})  # required in the shape
    return record


def list_training_jobs(plane, params):
    rows = []
    for name in plane.store.names(FAMILY):
        d = describe_training_job(plane, {"TrainingJobName": name})
        rows.append({k: d[k] for k in ("TrainingJobName", "TrainingJobArn", "CreationTime",
                                       "TrainingEndTime", "LastModifiedTime",
                                       "TrainingJobStatus", "SecondaryStatus") if k in d})
    page, token = paginate(rows, params, "TrainingJobName", "TrainingJobStatus")
    return {"TrainingJobSummaries": page, **({"NextToken": token} if token else {})}


def stop_training_job(plane, params):
    name = params["TrainingJobName"]
    status = describe_training_job(plane, params)["TrainingJobStatus"]
    if status != "InProgress":
        raise ApiError("ValidationException", f"The request was rejected because the training "
                                              f"job is in status {status}.")
    plane.session.stop_training_job(name)


def delete_training_job(plane, params):
    name = params["TrainingJobName"]
    status = describe_training_job(plane, params)["TrainingJobStatus"]
    if status not in _TERMINAL:
        raise ApiError("ValidationException", f"The training job {name} is in status {status}; "
                                              "stop it and wait until it has ended to delete it.")
    with plane.lock:
        plane.store.delete(FAMILY, name)
        shutil.rmtree(plane.session.job_folder("training", name), ignore_errors=True)
        shutil.rmtree(plane.root / "api" / "staging" / name, ignore_errors=True)


def recover(plane):
    """After a restart: jobs that were running when the server stopped end Failed, with why."""
    for name in plane.store.names(FAMILY):
        path = plane.session.job_folder("training", name) / "describe.json"
        if not path.is_file():
            continue
        record = load(path)
        if record.get("TrainingJobStatus") in _TERMINAL:
            continue
        stamp = now()
        record.update(TrainingJobStatus="Failed", SecondaryStatus="Failed", TrainingEndTime=stamp,
                      LastModifiedTime=stamp,
                      FailureReason="InternalServerError: estlab serve stopped while this job "
                                    "ran; its processes ended with it. Create the job again.")
        record.setdefault("SecondaryStatusTransitions", []).append(
            {"Status": "Failed", "StartTime": stamp, "EndTime": stamp,
             "StatusMessage": "Training job failed: the server stopped"})
        dump(path, record)


OPERATIONS = {
    "CreateTrainingJob": create_training_job,
    "DescribeTrainingJob": describe_training_job,
    "ListTrainingJobs": list_training_jobs,
    "StopTrainingJob": stop_training_job,
    "DeleteTrainingJob": delete_training_job,
}
