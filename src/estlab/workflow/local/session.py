"""LocalSession: SageMaker's API, answered by this machine.

The SDK's components never run anything themselves: they send Create*/Describe* requests to
a session. :class:`LocalSession` answers those requests here, with no Docker and no AWS account:

* processing and training jobs run as real subprocesses in job folders with SageMaker's
  ``/opt/ml`` layout (:mod:`._local_processing`, :mod:`._local_training`);
* endpoints are real HTTP servers on 127.0.0.1 and batch transform sends records to them
  (``LocalHosting`` and ``LocalTransform``, imported on first use);
* every job's state lives on this session instance *and* in ``describe.json`` in its folder,
  so a job from an earlier Python session can still be described;
* ``stop_training_job`` / ``stop_processing_job`` end a job early, as StopTrainingJob does
  (SIGTERM, SIGKILL after a grace period). Jobs run inside the Python process that started
  them: when it exits, its unfinished jobs are killed.

Everything goes under one root folder (``$ESTLAB_HOME``, else ``~/.estlab``)::

    <root>/processing-jobs/<job>/   <root>/training-jobs/<job>/   <root>/bucket/ (default outputs)
"""

import os
import warnings
from pathlib import Path

from estlab.workflow._errors import JobFailedError, WorkflowError
from estlab.workflow.local.processing import LocalProcessingJob
from estlab.workflow.local.training import DEFAULT_MAX_RUN, STOP_GRACE, LocalTrainingJob
from estlab.workflow.local.logs import follow, tail
from estlab.workflow._names import validate_name
from estlab.workflow.local.records import fail_orphans, load_description
from estlab.workflow._session import Session

__all__ = ["LocalSession"]

_FOLDERS = {"processing": "processing-jobs", "training": "training-jobs"}
_STATUS_KEYS = {"processing": "ProcessingJobStatus", "training": "TrainingJobStatus",
                "transform": "TransformJobStatus"}


def default_root():
    """``$ESTLAB_HOME`` if set, else ``~/.estlab``."""
    return Path(os.environ.get("ESTLAB_HOME") or Path.home() / ".estlab")


class LocalSession(Session):
    """Runs SageMaker jobs and endpoints on this machine, in folders under ``root``.

    Parameters
    ----------
    root : str or os.PathLike, optional
        Folder for job folders and the default "bucket". Defaults to ``$ESTLAB_HOME`` or
        ``~/.estlab``.
    region : str, optional
        Region reported to jobs (``AWS_REGION``, ARNs). Defaults to ``$AWS_REGION``,
        ``$AWS_DEFAULT_REGION`` or ``us-east-1``.
    max_run : float, default 86400
        Seconds after which a job's processes are killed (SageMaker's
        ``MaxRuntimeInSeconds``), unless the job sets its own.
    stop_grace : float, default 120
        Seconds a job's processes get between SIGTERM and SIGKILL, at StopTrainingJob /
        StopProcessingJob and at MaxRuntimeInSeconds (SageMaker's 120 s; smaller in tests).

    Examples
    --------
    >>> import tempfile
    >>> from estlab.workflow import LocalSession
    >>> with tempfile.TemporaryDirectory() as d:
    ...     session = LocalSession(root=d)
    ...     uri = session.default_output_uri()
    >>> uri.startswith("file://"), uri.endswith("/bucket")
    (True, True)
    """

    def __init__(self, root=None, region=None, max_run=DEFAULT_MAX_RUN, stop_grace=STOP_GRACE):
        self.root = Path(root).expanduser().absolute() if root is not None else default_root()
        self.root.mkdir(parents=True, exist_ok=True)
        self.region = (region or os.environ.get("AWS_REGION")
                       or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1")
        self.max_run = max_run
        self.stop_grace = stop_grace
        for kind, folder in _FOLDERS.items():  # jobs whose process died mid-run end Failed
            fail_orphans(self.root / folder, kind)
        self._jobs = {"processing": {}, "training": {}}
        self._threads = []
        self._hosting = None
        self._transform = None

    def __repr__(self):
        return f"LocalSession(root={str(self.root)!r})"

    # -- data --------------------------------------------------------------------------------
    def default_output_uri(self):
        """``file://<root>/bucket``: where outputs go when no output path is given."""
        bucket = self.root / "bucket"
        bucket.mkdir(parents=True, exist_ok=True)
        return bucket.as_uri()

    def job_folder(self, kind, job_name):
        """The folder of a processing or training job (it stays after the job ends)."""
        if kind not in _FOLDERS:
            raise WorkflowError(f"kind must be 'processing' or 'training'; got {kind!r}.")
        return self.root / _FOLDERS[kind] / job_name

    # -- processing and training ----------------------------------------------------------------
    def create_processing_job(self, spec):
        """Start a processing job (returns at once); see :mod:`._local_processing`."""
        validate_name(spec.job_name, "processing job name")
        job = LocalProcessingJob(spec, self.job_folder("processing", spec.job_name),
                                 region=self.region, max_run=spec.max_run or self.max_run,
                                 stop_grace=self.stop_grace)
        return self._start("processing", job)

    def create_training_job(self, spec):
        """Start a training job (returns at once); see :mod:`._local_training`."""
        validate_name(spec.job_name, "training job name")
        output_path = spec.output_path or self.default_output_uri()
        job = LocalTrainingJob(spec, self.job_folder("training", spec.job_name), output_path,
                               region=self.region, max_run=spec.max_run or self.max_run,
                               stop_grace=self.stop_grace)
        return self._start("training", job)

    def _start(self, kind, job):
        self._jobs[kind][job.spec.job_name] = job
        self._threads.append(job.start())
        return job.record.describe()

    def _job(self, kind, job_name):
        job = self._jobs[kind].get(job_name)
        if job is None:
            raise WorkflowError(f"No {kind} job named {job_name!r} in this session (root "
                                f"{self.root}).")
        return job

    def _describe(self, kind, job_name):
        job = self._jobs[kind].get(job_name)
        if job is not None:
            return job.record.describe()
        saved = self.job_folder(kind, job_name) / "describe.json"
        if saved.is_file():  # a job run by an earlier session under the same root
            return load_description(saved)
        raise WorkflowError(f"Could not find {kind} job {job_name!r} under {self.root} "
                            "(ValidationException: Requested resource not found).")

    def describe_processing_job(self, job_name):
        """DescribeProcessingJob-shaped dict (ProcessingJobStatus, ExitMessage, FailureReason)."""
        return self._describe("processing", job_name)

    def describe_training_job(self, job_name):
        """DescribeTrainingJob-shaped dict (TrainingJobStatus, SecondaryStatus, ModelArtifacts)."""
        return self._describe("training", job_name)

    def stop_processing_job(self, job_name):
        """StopProcessingJob: SIGTERM to the job's processes, SIGKILL 10 s later; no outputs."""
        self._job("processing", job_name).stop()

    def stop_training_job(self, job_name):
        """StopTrainingJob: SIGTERM to the job's processes, SIGKILL 10 s later.

        As on SageMaker, the model the script saved before it ended is still uploaded, and
        the job ends ``Stopped``.
        """
        self._job("training", job_name).stop()

    def log_path(self, kind, job_name):
        """The job's combined log file."""
        return self.job_folder(kind, job_name) / "log.txt"

    # -- waiting -------------------------------------------------------------------------------
    def wait_for_job(self, kind, job_name, logs=True):
        """Block until the job ends (streaming its log if ``logs``); raise if it did not complete.

        Raises
        ------
        estlab.workflow.JobFailedError
            When the job ended Failed, or Stopped by its MaxRuntimeInSeconds; the message
            quotes FailureReason and the log tail. A job stopped on request only warns, as
            the SDK's waiters do.
        """
        if kind == "transform":
            return self._transforms().wait(job_name, logs=logs)
        if kind not in _FOLDERS:
            raise WorkflowError(f"kind must be 'processing', 'training' or 'transform'; got "
                                f"{kind!r}.")
        job = self._jobs[kind].get(job_name)
        if job is None:
            description = self._describe(kind, job_name)  # finished in an earlier session
        else:
            if logs:
                follow(job.record, job.log_path)
            else:
                job.record.done.wait()
            description = job.record.describe()
        status = description[_STATUS_KEYS[kind]]
        if status == "Stopped" and description.get("SecondaryStatus", "Stopped") == "Stopped" \
                and "FailureReason" not in description:
            # stopped on request: the SDK's waiters warn rather than raise
            warnings.warn(f"{kind.title()} job {job_name} was stopped.", UserWarning,
                          stacklevel=2)
            return description
        if status != "Completed":
            log_tail = tail(self.log_path(kind, job_name), 20)
            reason = description.get("FailureReason", "(no reason recorded)")
            raise JobFailedError(
                f"{kind.title()} job {job_name} ended {status}. FailureReason: {reason}\n"
                f"Log tail ({self.log_path(kind, job_name)}):\n{log_tail}\n"
                f"The job folder {self.job_folder(kind, job_name)} is kept for inspection.",
                job_name=job_name, description=description, log_tail=log_tail)
        return description

    # -- hosting and batch transform (delegated) -----------------------------------------------
    def _hosts(self):
        if self._hosting is None:
            from estlab.workflow.local.hosting import LocalHosting

            self._hosting = LocalHosting(self.root)
        return self._hosting

    def _transforms(self):
        if self._transform is None:
            from estlab.workflow.local.transform import LocalTransform

            self._transform = LocalTransform(self.root, self._hosts())
        return self._transform

    def create_model(self, spec):
        """Register a model (model.tar.gz + inference code) for endpoints and transform jobs."""
        return self._hosts().create_model(spec)

    def delete_model(self, model_name):
        """Forget a registered model, so that its name can be created again with another spec."""
        return self._hosts().delete_model(model_name)

    def create_endpoint(self, spec):
        """Start an HTTP server on 127.0.0.1 serving a registered model."""
        return self._hosts().create_endpoint(spec)

    def describe_endpoint(self, endpoint_name):
        """DescribeEndpoint-shaped dict (EndpointStatus, ProductionVariants...)."""
        return self._hosts().describe_endpoint(endpoint_name)

    def delete_endpoint(self, endpoint_name):
        """Stop the endpoint's server."""
        return self._hosts().delete_endpoint(endpoint_name)

    def invoke_endpoint(self, endpoint_name, body, content_type, accept, custom_attributes=None):
        """POST to the endpoint; return ``(response_bytes, response_content_type)``."""
        return self._hosts().invoke_endpoint(endpoint_name, body, content_type, accept,
                                             custom_attributes=custom_attributes)

    def wait_for_endpoint(self, endpoint_name):
        """Block until the endpoint answers ``/ping``."""
        return self._hosts().wait_for_endpoint(endpoint_name)

    @property
    def runtime_url(self):
        """The SageMaker Runtime URL of every endpoint under this root, from any process.

        Point boto3's ``sagemaker-runtime`` client at it (``endpoint_url=session.runtime_url``)
        and ``invoke_endpoint(EndpointName=...)`` reaches any running endpoint by name, as the
        one regional URL does on AWS. A small loopback router (``workflow/local/runtime.py``)
        reads each endpoint's ``server.json`` and relays the request to that endpoint's server.
        """
        from estlab.workflow.local.runtime import runtime_url

        return runtime_url(self.root)

    def endpoint_url(self, endpoint_name):
        """Base URL of the endpoint's local HTTP server (``http://127.0.0.1:<port>``)."""
        return self._hosts().endpoint_url(endpoint_name)

    def create_transform_job(self, spec):
        """Start a batch transform job."""
        return self._transforms().create_transform_job(spec)

    def describe_transform_job(self, job_name):
        """DescribeTransformJob-shaped dict."""
        return self._transforms().describe_transform_job(job_name)

    def stop_transform_job(self, job_name):
        """Stop a batch transform job; it ends ``Stopped`` before its next request."""
        return self._transforms().stop_transform_job(job_name)

    # -- cleanup -------------------------------------------------------------------------------
    def close(self):
        """Stop every endpoint this session started. Job folders stay."""
        if self._hosting is not None:
            self._hosting.close()
            self._hosting = None
            self._transform = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

