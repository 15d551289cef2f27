"""A SageMaker processing job on this machine: /opt/ml/processing mapped into a job folder.

A processing container sees its inputs at ``/opt/ml/processing/<...>`` (where the request's
``LocalPath`` says), writes its outputs to other ``/opt/ml/processing/<...>`` folders, finds the
request echoed in ``/opt/ml/config/processingjobconfig.json`` and may leave a message for
``ExitMessage`` in ``/opt/ml/output/message``. Locally each host's ``/opt/ml`` is a folder::

    <root>/processing-jobs/<job>/
        describe.json   log.txt
        algo-1/config/{processingjobconfig,resourceconfig}.json
        algo-1/processing/input/code/<script>     (ScriptProcessor's code input)
        algo-1/processing/<inputs and outputs>    algo-1/output/message

Each host runs in its sandbox with that folder at ``/opt/ml``, so the arguments
(``--input /opt/ml/processing/input``) and a request's own ``ContainerEntrypoint`` (the SDK's
``runproc.sh``) work as given, as on SageMaker; only without a sandbox (``ESTLAB_SANDBOX=0``)
are container paths rewritten to the host folder: in the arguments, and in the shell script an
entrypoint runs (runproc.sh's ``cd /opt/ml/processing/input/code/``). Outputs are uploaded
only when every host exits 0, as SageMaker's EndOfJob upload; the job folder stays either way.
Unlike training, processing sets no ``SM_*`` variables: the environment is the request's
``Environment``.
"""

import json
import re
import shlex
import shutil
import sys
import threading
from pathlib import Path, PurePosixPath

from estlab.workflow import _uris
from estlab.workflow._limits import check_map
from estlab.workflow._errors import WorkflowError
from estlab.workflow.local import sandbox
from estlab.workflow.local.sandbox import base_environment
from estlab.workflow.local.training import (DEFAULT_MAX_RUN, STOP_GRACE, check_instance_type,
                                             fetch, scan_container_paths, shard)
from estlab.workflow.local.logs import run_hosts
from estlab.workflow.local.records import BackgroundJob, JobRecord, SecondaryStatus

__all__ = ["LocalProcessingJob", "map_container_paths", "CODE_DIR"]

PROCESSING_ROOT = "/opt/ml/processing/"
CODE_DIR = "/opt/ml/processing/input/code"
_CONTAINER_PATH = re.compile(r"(?<![\w/.])/opt/ml(?=/|$|\s|[\"'=,;:])")


def map_container_paths(argument, host_dir):
    """Rewrite ``/opt/ml/...`` inside one argument to the host folder that stands for ``/opt/ml``.

    Examples
    --------
    >>> map_container_paths("/opt/ml/processing/input", "/jobs/j/algo-1")
    '/jobs/j/algo-1/processing/input'
    >>> map_container_paths("--out=/opt/ml/processing/out", "/h")
    '--out=/h/processing/out'
    >>> map_container_paths("0.2", "/h")
    '0.2'
    """
    return _CONTAINER_PATH.sub(lambda m: str(host_dir), str(argument))


def _inside(container_path, host_dir):
    return Path(host_dir) / container_path[len("/opt/ml/"):]


_SHELLS = ("bash", "sh", "dash", "zsh", "ksh")


def _relocate_script(argv, host_dir):
    """Without a sandbox: relocate the ``/opt/ml`` paths inside the shell script an entrypoint runs.

    The SDK's FrameworkProcessor sends ``["/bin/bash", "/opt/ml/processing/input/entrypoint/
    runproc.sh"]``, and runproc.sh itself does ``cd /opt/ml/processing/input/code/``. The
    arguments are relocated by :func:`map_container_paths`; the script (the host's own copy,
    fetched from the request's inputs) is rewritten the same way. A Python script is not
    rewritten: it should take its paths from its arguments.
    """
    if argv[0].startswith("/opt/ml/"):
        script = argv[0]  # an executable script with a shebang
    elif Path(argv[0]).name in _SHELLS and len(argv) > 1 and argv[1].startswith("/opt/ml/"):
        script = argv[1]
    else:
        return
    path = _inside(script, host_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # not there or not text: the shell reports it as the container would
    relocated = map_container_paths(text, host_dir)
    if relocated == text:
        return
    if shlex.quote(str(host_dir)) != str(host_dir):
        raise WorkflowError(
            f"Without a sandbox ({sandbox.reason_unavailable()}), the container paths in "
            f"{script} must be relocated to the job folder {host_dir}, whose path has "
            "characters a shell splits or expands: set ESTLAB_HOME (or the session's root) to a "
            "folder whose path has only letters, digits and '/._-', or install bubblewrap.")
    path.write_text(relocated, encoding="utf-8")


class LocalProcessingJob(BackgroundJob):
    """Runs one ProcessingJobSpec in its job folder, in a background thread."""

    def __init__(self, spec, folder, region="us-east-1", max_run=DEFAULT_MAX_RUN,
                 stop_grace=STOP_GRACE):
        self.spec, self.folder, self.region, self.max_run = spec, Path(folder), region, max_run
        self.stop_grace = stop_grace
        if spec.network_isolation and not sandbox.enabled():
            raise WorkflowError(sandbox.isolation_unavailable())
        self.sandboxed = sandbox.warn_if_unavailable()
        self.log_path = self.folder / "log.txt"
        self._stop = threading.Event()
        self.note = check_instance_type(spec.instance_type)
        if spec.instance_count < 1:
            raise WorkflowError(f"instance_count must be >= 1; got {spec.instance_count}.")
        if spec.entrypoint:  # the request's ContainerEntrypoint: the code comes as an input
            self.code, self.code_name = None, None
        else:
            if not spec.command:
                raise WorkflowError("command must name the program that runs the code, e.g. "
                                    "['python3'].")
            if not spec.code:
                raise WorkflowError("code must name the script to run (a path or S3 URI), or "
                                    "give entrypoint (a ContainerEntrypoint) instead.")
            self.code = _uris.local_path(spec.code) if not _uris.is_s3(spec.code) else None
            if self.code is not None and not self.code.is_file():
                raise WorkflowError(f"Processing code {spec.code!r} not found (looked for "
                                    f"{self.code}); give the path of the script.")
            self.code_name = Path(spec.code).name
        names = set()
        pairs = ([(i.input_name, i.destination) for i in spec.inputs]
                 + [(o.output_name, o.source) for o in spec.outputs])
        for name, local in pairs:
            if not str(local).startswith(PROCESSING_ROOT):
                raise WorkflowError(
                    f"{name!r}: the container path {local!r} must begin with {PROCESSING_ROOT} "
                    "(e.g. /opt/ml/processing/input), as SageMaker requires.")
            if ".." in PurePosixPath(str(local)).parts:
                raise WorkflowError(
                    f"{name!r}: the container path {local!r} contains '..'; it would point "
                    f"outside {PROCESSING_ROOT} (locally, outside the job folder). Give a path "
                    "below it without '..', e.g. /opt/ml/processing/output.")
            if name in names:
                raise WorkflowError(f"Input/output name {name!r} is used twice; names must be "
                                    "unique.")
            names.add(name)
        for item in spec.inputs:
            shard([], 1, item.s3_data_distribution_type)  # validates the distribution type
        if self.code is not None and self.code.suffix == ".py" and not self.sandboxed:
            scan_container_paths(self.code, "processing", spec.arguments)
        self.hosts = [f"algo-{i + 1}" for i in range(spec.instance_count)]
        if self.folder.exists():
            raise WorkflowError(f"A processing job named {spec.job_name!r} already exists in "
                                f"{self.folder}; job names must be unique.")
        check_map("CreateProcessingJob", "Environment", dict(spec.env))
        self.request = self._request()
        self.record = JobRecord("processing", spec.job_name, self.request, self.folder, region,
                                 log_path=self.log_path)

    def _request(self):
        spec = self.spec
        inputs = [{"InputName": i.input_name, "AppManaged": False, "S3Input": {
            "S3Uri": i.source, "LocalPath": i.destination, "S3DataType": "S3Prefix",
            "S3InputMode": "File", "S3DataDistributionType": i.s3_data_distribution_type,
            "S3CompressionType": "None"}} for i in spec.inputs]
        if not spec.entrypoint:
            inputs.append({"InputName": "code", "AppManaged": False, "S3Input": {
                "S3Uri": spec.code, "LocalPath": CODE_DIR, "S3DataType": "S3Prefix",
                "S3InputMode": "File", "S3DataDistributionType": "FullyReplicated",
                "S3CompressionType": "None"}})
        entrypoint = (list(spec.entrypoint) if spec.entrypoint
                      else [*spec.command, f"{CODE_DIR}/{self.code_name}"])
        return {
            "ProcessingInputs": inputs,
            "ProcessingOutputConfig": {"Outputs": [{
                "OutputName": o.output_name, "AppManaged": False, "S3Output": {
                    "S3Uri": o.destination, "LocalPath": o.source, "S3UploadMode": "EndOfJob"}}
                for o in spec.outputs]},
            "ProcessingResources": {"ClusterConfig": {
                "InstanceCount": spec.instance_count, "InstanceType": spec.instance_type,
                "VolumeSizeInGB": 30}},
            "StoppingCondition": {"MaxRuntimeInSeconds": int(self.max_run)},
            "AppSpecification": {
                "ImageUri": spec.image_uri or "estlab-local",
                "ContainerEntrypoint": entrypoint,
                # botocore: at least one argument when present (an empty list is invalid)
                **({"ContainerArguments": list(spec.arguments)} if spec.arguments else {})},
            "Environment": dict(spec.env),
            "RoleArn": spec.role or "arn:aws:iam::000000000000:role/estlab-local",
            **({"NetworkConfig": {"EnableNetworkIsolation": True}}
               if spec.network_isolation else {}),
        }

    def _run(self):
        record = self.record
        try:
            record.started()
            record.transition("Downloading", "Downloading input data")
            self._prepare()
            record.transition("Processing", "Processing in progress (local processes)")
            results = run_hosts([self._host_command(h) for h in self.hosts], self.log_path,
                                timeout=self.max_run, note=self.note, stop_event=self._stop,
                                grace=self.stop_grace, timeout_grace=self.stop_grace,
                                spawn=self._spawn if self.sandboxed else None)
            message = "".join(
                (self.folder / h / "output" / "message").read_text(errors="replace")
                for h in self.hosts if (self.folder / h / "output" / "message").is_file())
            if message:
                record.update(ExitMessage=message[:1024])
            if any(r.timed_out for r in results):
                record.finish(SecondaryStatus.MAX_RUNTIME_EXCEEDED, "Processing job stopped",
                              failure_reason=(f"MaxRuntimeExceeded: the job ran longer than "
                                              f"MaxRuntimeInSeconds={self.max_run:g}; its "
                                              f"processes got SIGTERM and {self.stop_grace:g} s "
                                              "to end (no outputs uploaded)."))
                return
            if any(r.stopped for r in results):
                record.finish(SecondaryStatus.STOPPED, "Processing job stopped (no outputs "
                                                       "uploaded)")
                return
            failed = [r for r in results if r.returncode != 0]
            if failed:
                r = failed[0]
                stderr = "\n".join(r.stderr_tail.strip().splitlines()[-10:])
                record.finish(SecondaryStatus.FAILED, "Processing job failed", failure_reason=(
                    f"AlgorithmError: {r.host}: {r.describe_exit()}"
                    + (f"; stderr tail:\n{stderr}" if stderr else "")))
                return
            record.transition("Uploading", "Uploading outputs")
            for out in self.spec.outputs:
                for host in self.hosts:
                    _uris.upload(_inside(out.source, self.folder / host), out.destination)
            record.finish(SecondaryStatus.COMPLETED, "Processing job completed")
        except Exception as err:  # the job fails with the reason, never hangs
            record.finish(SecondaryStatus.FAILED, "Processing job failed",
                          failure_reason=f"ClientError: {type(err).__name__}: {err}")

    def _prepare(self):
        spec = self.spec
        listings = {i.input_name: _uris.list_objects(i.source) for i in spec.inputs}
        shards = {i.input_name: shard(listings[i.input_name], len(self.hosts),
                                      i.s3_data_distribution_type) for i in spec.inputs}
        for n, host in enumerate(self.hosts):
            root = self.folder / host
            (root / "config").mkdir(parents=True, exist_ok=True)
            (root / "output").mkdir(parents=True, exist_ok=True)
            config = {"ProcessingJobArn": self.record.describe()["ProcessingJobArn"],
                      "ProcessingJobName": spec.job_name, **self.request}
            (root / "config" / "processingjobconfig.json").write_text(json.dumps(config, indent=1))
            (root / "config" / "resourceconfig.json").write_text(json.dumps(
                {"current_host": host, "hosts": self.hosts}))
            for item in spec.inputs:
                fetch(shards[item.input_name][n], item.source, _inside(item.destination, root))
            for out in spec.outputs:  # the platform creates output folders before the run
                _inside(out.source, root).mkdir(parents=True, exist_ok=True)
            if spec.entrypoint:
                continue  # the code is one of the inputs
            code_dir = _inside(CODE_DIR, root)
            code_dir.mkdir(parents=True, exist_ok=True)
            if self.code is not None:
                shutil.copyfile(self.code, code_dir / self.code_name)
            else:
                _uris.download(spec.code, code_dir)

    def _host_command(self, host):
        """``(host, argv, env, cwd)`` of one host, as its container runs it.

        In a sandbox the host's folder is ``/opt/ml`` and the arguments are passed as given;
        without one, container paths in the arguments are relocated into the host's folder.
        """
        root = self.folder / host
        spec = self.spec
        if spec.entrypoint:  # ContainerEntrypoint + ContainerArguments, as the container runs them
            argv = [*spec.entrypoint, *spec.arguments]
        else:
            argv = [*spec.command, f"{CODE_DIR}/{self.code_name}", *spec.arguments]
        if Path(argv[0]).name in ("python", "python3"):
            argv[0] = sys.executable  # this environment's Python, with its packages
        env = base_environment()  # the image's variables: nothing from the caller
        env.update(spec.env)
        if self.sandboxed:
            return host, argv, env, "/opt/ml/processing"
        if spec.entrypoint:
            _relocate_script(argv, root)
        return host, [map_container_paths(a, root) for a in argv], env, str(root)

    def _spawn(self, host, argv, *, env, cwd, **popen_kwargs):
        """Start one host in its sandbox, the host's folder at ``/opt/ml``."""
        return sandbox.spawn(self.folder / host, argv, env=env, cwd=cwd,
                             network=not self.spec.network_isolation, **popen_kwargs)
