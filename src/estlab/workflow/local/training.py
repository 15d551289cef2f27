"""A SageMaker training job on this machine: the /opt/ml contract, one real process per host.

What the container would see, the job folder holds, one sub-folder per host::

    <root>/training-jobs/<job>/
        describe.json            the DescribeTrainingJob record, rewritten on every change
        log.txt                  stdout + stderr of every host ("algo-2 | ..." when several)
        algo-1/                  = this host's /opt/ml
            input/config/{hyperparameters,resourceconfig,inputdataconfig}.json
            input/data/<channel>/...
            code/                the entry point (and source_dir); the process's working folder
            model/  output/data/  output/intermediate/  output/failure
        artifacts/{model,output}.tar.gz

The entry point runs as ``python -- <entry_point> --key value ...`` with the ``SM_*`` variables the
SageMaker training toolkit sets (paths mapped into the host folder), so the same script runs in a
SageMaker container unchanged.

ShardedByS3Key rule (SageMaker does not document its order): the channel's objects are sorted by
key and object ``i`` goes to host ``algo-(i mod N + 1)``, so with 4 files and 3 hosts algo-1 gets
the 1st and 4th, algo-2 the 2nd, algo-3 the 3rd. A host may get nothing, as on SageMaker.
"""

import ast
import json
import multiprocessing
import os
import re
import shlex
import shutil
import sys
import threading
import warnings
from pathlib import Path

from estlab.workflow import _uris
from estlab.workflow._limits import DEFAULT_MAX_RUN, RESERVED_CHANNELS, check_map
from estlab.workflow.local.archive import make_tar_gz, safe_extract
from estlab.workflow._errors import WorkflowError
from estlab.workflow.local import sandbox
from estlab.workflow.local.logs import run_hosts
from estlab.workflow.local.sandbox import CONTAINER_ML, ESTLAB_SRC, base_environment
from estlab.workflow.local.records import BackgroundJob, JobRecord, SecondaryStatus

__all__ = ["LocalTrainingJob", "encode_hyperparameters", "to_cmd_args", "training_env",
           "check_instance_type", "shard", "scan_container_paths"]

CHANNEL_PATTERN = re.compile(r"^[A-Za-z0-9.\-_]{1,64}$")
ENTRY_POINT_PATTERN = re.compile(r"^[A-Za-z0-9._][A-Za-z0-9._+-]*(/[A-Za-z0-9._+-]+)*$")
# sagemaker_* keys the training toolkit consumes itself (params.py); other sagemaker_* keys go
# to SM_FRAMEWORK_PARAMS; none reaches the script's arguments.
_TOOLKIT_KEYS = {"sagemaker_program", "sagemaker_submit_directory",
                 "sagemaker_enable_cloudwatch_metrics", "sagemaker_region",
                 "sagemaker_container_log_level", "sagemaker_job_name", "default_user_module_name",
                 "_tuning_objective_metric", "sagemaker_s3_output"}
STOP_GRACE = 120.0  # seconds between SIGTERM and SIGKILL at StopTrainingJob and MaxRuntime


# ------------------------------------------------------------------- the toolkit's encodings --
def encode_hyperparameters(hyperparameters):
    """Script mode's encoding: every value ``json.dumps``'d to a string, as the SDK sends it.

    Examples
    --------
    >>> encode_hyperparameters({"epochs": 10, "name": "abc", "flag": True, "d": {"a": 1}})
    {'epochs': '10', 'name': '"abc"', 'flag': 'true', 'd': '{"a": 1}'}
    """
    encoded = {}
    for key, value in hyperparameters.items():
        if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
            value = value.tolist()  # NumPy scalars and arrays -> Python numbers and lists
        try:
            encoded[str(key)] = json.dumps(value)
        except TypeError as err:
            raise WorkflowError(
                f"Hyperparameter {key!r} = {value!r} cannot be sent to a training job: values "
                "must be numbers, strings, booleans, None, or lists/dicts of those.") from err
    return encoded


def _decode(text):
    """The toolkit reads each value with ``json.loads``, keeping the raw string if that fails."""
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def _cli_value(value):
    if value is None:
        return ""
    if isinstance(value, dict):
        return ",".join(f"{k}={v}" for k, v in sorted(value.items()))
    return str(value)


def to_cmd_args(user_hyperparameters):
    """The entry point's command line: ``--key value`` sorted by key (``-k`` for one letter).

    Values are the decoded hyperparameters passed through ``str``: booleans become ``True`` /
    ``False`` (Python's spelling, unlike ``SM_HP_*``), dicts ``k1=v1,k2=v2``.

    Examples
    --------
    >>> to_cmd_args({"epochs": 10, "flag": True, "d": {"a": 1}})
    ['-d', 'a=1', '--epochs', '10', '--flag', 'True']
    """
    args = []
    for key in sorted(user_hyperparameters):
        args += [f"--{key}" if len(key) > 1 else f"-{key}", _cli_value(user_hyperparameters[key])]
    return args


def _env_value(value):
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def training_env(*, job_name, host, hosts, host_dir, hyperparameters, channels, entry_point,
                 instance_type, region):
    """The ``SM_*`` (and related) variables the training toolkit exports, paths under ``host_dir``.

    Parameters
    ----------
    hyperparameters : dict of str to str
        The encoded hyperparameters.json content (``sagemaker_*`` keys included).
    channels : dict of str to dict
        inputdataconfig.json content.

    Examples
    --------
    >>> env = training_env(job_name="j", host="algo-1", hosts=["algo-1"], host_dir="/tmp/h",
    ...                    hyperparameters={"lr": "0.1", "sagemaker_program": '"train.py"'},
    ...                    channels={"train": {}}, entry_point="train.py", instance_type="local",
    ...                    region="us-east-1")
    >>> env["SM_HP_LR"], env["SM_CHANNEL_TRAIN"], env["SM_USER_ARGS"], env["SM_MODULE_NAME"]
    ('0.1', '/tmp/h/input/data/train', '["--lr","0.1"]', 'train')
    """
    root = Path(host_dir)
    decoded = {k: _decode(v) for k, v in hyperparameters.items()}
    user = {k: v for k, v in decoded.items() if not k.startswith("sagemaker_") and k not in
            _TOOLKIT_KEYS}
    framework = {k: v for k, v in decoded.items() if k.startswith("sagemaker_") and k not in
                 _TOOLKIT_KEYS}
    channel_dirs = {name: str(root / "input" / "data" / name) for name in channels}
    resource = {"current_host": host, "current_instance_type": instance_type, "hosts": list(hosts),
                "network_interface_name": "eth0"}
    module_dir = decoded.get("sagemaker_submit_directory") or str(root / "code")
    props = {
        "additional_framework_parameters": framework,
        "channel_input_dirs": channel_dirs,
        "current_host": host,
        "current_instance_group": "homogeneousCluster",
        "current_instance_group_hosts": [],
        "current_instance_type": instance_type,
        "distribution_hosts": [],
        "distribution_instance_groups": [],
        "framework_module": os.environ.get("SAGEMAKER_TRAINING_MODULE", ""),
        "hosts": list(hosts),
        "hyperparameters": user,
        "input_config_dir": str(root / "input" / "config"),
        "input_data_config": channels,
        "input_dir": str(root / "input"),
        "instance_groups": [],
        "instance_groups_dict": {},
        "is_hetero": False,
        "is_master": host == hosts[0],
        "is_modelparallel_enabled": None,
        "is_smddpmprun_installed": False,
        "is_smddprun_installed": False,
        "job_name": job_name,
        "log_level": int(decoded.get("sagemaker_container_log_level", 20)),
        "master_hostname": hosts[0],
        "model_dir": str(root / "model"),
        "module_dir": module_dir,
        "module_name": re.sub(r"\.py$", "", entry_point),
        "network_interface_name": "eth0",
        "num_cpus": multiprocessing.cpu_count(),
        "num_gpus": 0,
        "num_neurons": 0,
        "output_data_dir": str(root / "output" / "data"),
        "output_dir": str(root / "output"),
        "output_intermediate_dir": str(root / "output" / "intermediate"),
        "resource_config": resource,
        "user_entry_point": entry_point,
    }
    mapping = {
        "hosts": props["hosts"], "network_interface_name": "eth0", "hps": user,
        "user_entry_point": entry_point, "framework_params": framework,
        "resource_config": resource, "input_data_config": channels,
        "output_data_dir": props["output_data_dir"], "channels": sorted(channel_dirs),
        "current_host": host, "current_instance_type": instance_type,
        "current_instance_group": "homogeneousCluster", "current_instance_group_hosts": [],
        "instance_groups": [], "instance_groups_dict": {}, "distribution_instance_groups": [],
        "is_hetero": False, "module_name": props["module_name"], "log_level": props["log_level"],
        "framework_module": props["framework_module"], "input_dir": props["input_dir"],
        "input_config_dir": props["input_config_dir"], "output_dir": props["output_dir"],
        "num_cpus": props["num_cpus"], "num_gpus": 0, "num_neurons": 0,
        "model_dir": props["model_dir"], "module_dir": module_dir, "training_env": props,
        "user_args": to_cmd_args(user), "output_intermediate_dir": props["output_intermediate_dir"],
    }
    for name, path in channel_dirs.items():
        mapping[f"channel_{name}"] = path
    for key, value in user.items():
        mapping[f"hp_{key}"] = value
    env = {f"SM_{key.upper()}": _env_value(value) for key, value in mapping.items()}
    env.update({"TRAINING_JOB_NAME": job_name, "SAGEMAKER_JOB_NAME": job_name,
                "CURRENT_HOST": host, "SAGEMAKER_REGION": region, "AWS_REGION": region,
                "SAGEMAKER_BASE_DIR": str(root)})
    return env


_NUMBER = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf))",
                     re.IGNORECASE)


def _leading_number(text):
    """The number a metric regex captured: all of it, else its leading number, else None.

    The built-in algorithms' own regexes capture ``(\\S+)``, which on a line with several
    metrics (``...#011train-rmse:0.41200#011validation-rmse:0.52``) holds the rest of the line;
    its leading number is the value (how SageMaker parses such a capture is not documented).

    Examples
    --------
    >>> _leading_number("0.41200#011validation-rmse:0.52"), _leading_number("x1")
    (0.412, None)
    """
    try:
        return float(text)
    except ValueError:
        match = _NUMBER.match(text)
        return float(match.group(1)) if match else None


# ------------------------------------------------------------------------------ validation --
def check_instance_type(instance_type):
    """Accept ``"local"`` and ``"ml.*"``; return a note for the log when it is an ``ml.*`` type.

    Examples
    --------
    >>> check_instance_type("local") is None
    True
    >>> check_instance_type("ml.m5.xlarge")[:40]
    "Note: instance_type 'ml.m5.xlarge' runs "
    """
    if instance_type in ("local", "local_cpu"):
        return None
    if isinstance(instance_type, str) and instance_type.startswith("ml."):
        return (f"Note: instance_type {instance_type!r} runs on this machine with a LocalSession "
                "(its CPUs and memory); it is used as-is on SageMaker.")
    raise WorkflowError(
        f"Unknown instance_type {instance_type!r}: use 'local' for this machine, or a SageMaker "
        "type such as 'ml.m5.xlarge' (which a LocalSession also runs on this machine).")


def shard(objects, n_hosts, distribution):
    """Which objects each host gets: all of them, or round-robin over the sorted keys.

    Examples
    --------
    >>> shard(["d", "a", "c", "b"], 3, "ShardedByS3Key")
    [['a', 'd'], ['b'], ['c']]
    >>> shard(["a", "b"], 2, "FullyReplicated")
    [['a', 'b'], ['a', 'b']]
    """
    objects = sorted(objects)
    if distribution == "FullyReplicated":
        return [list(objects) for _ in range(n_hosts)]
    if distribution == "ShardedByS3Key":
        return [objects[i::n_hosts] for i in range(n_hosts)]
    raise WorkflowError(f"S3DataDistributionType must be 'FullyReplicated' or 'ShardedByS3Key'; "
                        f"got {distribution!r}.")


def fetch(objects, base_uri, dest):
    """Copy some objects of a channel (or processing input) under ``dest``, keeping sub-folders."""
    base_text = os.fspath(base_uri).rstrip("/")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for obj in objects:
        if _uris.is_s3(obj):
            rel = Path(obj).name if obj == base_text else obj[len(base_text):].lstrip("/")
        else:
            base = _uris.local_path(base_text)
            path = _uris.local_path(obj)
            rel = path.name if path == base else path.relative_to(base).as_posix()
        _uris.download(obj, _uris.safe_target(dest, rel, obj).parent)


def _string_constants(tree):
    """(node, text, option_strings_if_argparse_default, env_var_if_getenv_default)."""
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                    docstrings.add(id(stmt.value))
    context = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if fname == "add_argument":
            options = [a.value for a in node.args if isinstance(a, ast.Constant)
                       and isinstance(a.value, str)]
            for kw in node.keywords:
                if kw.arg == "default":
                    for sub in ast.walk(kw.value):
                        context[id(sub)] = ("argparse", options)
        elif fname in ("get", "getenv") and len(node.args) >= 2 and isinstance(
                node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            for sub in ast.walk(node.args[1]):
                context[id(sub)] = ("env", node.args[0].value)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and "/opt/ml" in node.value and id(node) not in docstrings):
            yield node, node.value, context.get(id(node))


def scan_container_paths(script, kind, arguments=()):
    """Warn about string literals holding ``/opt/ml`` paths that the local job would really use.

    A container path in an argparse default is fine when the job passes that option (estlab
    maps container paths in ``arguments``); in ``os.environ.get("SM_...", "/opt/ml/...")`` it
    is fine for training, where the ``SM_*`` variables are set. Anything else is reported with
    its line and the fix, because locally the job's ``/opt/ml`` is a folder under the session
    root.

    Returns
    -------
    list of str
        The warning messages (also issued with :func:`warnings.warn`).

    Examples
    --------
    >>> import pathlib, tempfile, warnings
    >>> script = pathlib.Path(tempfile.mkdtemp(), "train.py")
    >>> _ = script.write_text('import os\\nmodel_dir = "/opt/ml/model"\\n')
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     [message] = scan_container_paths(script, "training")
    >>> message[:72]
    'train.py, line 2: hard-coded container path in `model_dir = "/opt/ml/mod'
    """
    path = Path(script)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    lines = text.splitlines()
    if kind == "training":
        fix = ("read the folder from its SM_* environment variable (SM_MODEL_DIR, "
               "SM_CHANNEL_<NAME>, SM_OUTPUT_DATA_DIR), e.g. parser.add_argument('--model-dir', "
               "default=os.environ['SM_MODEL_DIR'])")
    else:
        fix = ("take the path from an argument and pass the container path in arguments, e.g. "
               "arguments=['--input', '/opt/ml/processing/input']; estlab maps container paths "
               "in arguments to the job folder and SageMaker passes them unchanged")
    found = []
    try:
        tree = ast.parse(text) if path.suffix == ".py" else None
    except SyntaxError:
        tree = None
    if tree is None:
        found = [(i + 1, None) for i, line in enumerate(lines)
                 if "/opt/ml" in line and not line.lstrip().startswith("#")]
    else:
        passed = set(arguments)
        for node, value, ctx in _string_constants(tree):
            if ctx and ctx[0] == "argparse" and passed & set(ctx[1]):
                continue
            if ctx and ctx[0] == "env" and kind == "training" and ctx[1].startswith("SM_"):
                continue
            found.append((node.lineno, ctx))
    messages = []
    for lineno, ctx in sorted(set((n, c[0] if c else None) for n, c in found)):
        line = lines[lineno - 1].strip() if lineno <= len(lines) else ""
        hint = fix
        if ctx == "argparse":
            hint = ("pass that option in arguments (estlab maps the container path to the job "
                    "folder), or " + fix)
        messages.append(
            f"{path.name}, line {lineno}: hard-coded container path in `{line}`. Locally the "
            f"job's /opt/ml is a folder under the session root, so this path is not the job's "
            f"data. Fix: {hint}.")
    for message in messages:
        warnings.warn(message, UserWarning, stacklevel=4)
    return messages


# ------------------------------------------------------------------------------- the job --
def _install_then(site, output_dir, run):
    """A shell line: install ``requirements.txt`` into ``site``, then run the entry point.

    As the training toolkit does before it runs the script (``pip install -r requirements.txt``
    in the container's Python), but into a folder of the job's own, never the caller's
    environment; wheels and local paths next to the code install with no network
    (``--find-links .``). A failed install fails the job with ``InstallRequirementsError``.
    """
    pip = shlex.join([sys.executable, "-m", "pip", "install", "--quiet", "--no-input",
                      "--disable-pip-version-check", "--target", site, "--find-links", ".",
                      "-r", "requirements.txt"])
    failure = shlex.quote(str(Path(output_dir) / "failure"))
    return (f"echo 'Installing dependencies from requirements.txt' && {pip} || "
            f"{{ echo 'InstallRequirementsError: pip install -r requirements.txt failed with "
            f"exit code '$?'; its output is in the job log above.' > {failure}; exit 1; }}; "
            f"exec {run}")


class LocalTrainingJob(BackgroundJob):
    """Runs one TrainingJobSpec in its job folder, in a background thread.

    Parameters
    ----------
    spec : estlab.workflow._specs.TrainingJobSpec
    folder : pathlib.Path
        ``<root>/training-jobs/<job>``.
    output_path : str
        URI prefix for artifacts (the session's default when the spec names none).
    region : str
    max_run : float
        Seconds before the processes are killed (MaxRuntimeInSeconds).
    """

    def __init__(self, spec, folder, output_path, region="us-east-1", max_run=DEFAULT_MAX_RUN,
                 stop_grace=STOP_GRACE):
        self.spec, self.folder, self.region = spec, Path(folder), region
        self.output_path = output_path
        self.max_run = max_run
        self.stop_grace = stop_grace
        if spec.network_isolation and not sandbox.enabled():
            raise WorkflowError(sandbox.isolation_unavailable())
        self.sandboxed = sandbox.warn_if_unavailable()
        self.log_path = self.folder / "log.txt"
        self._stop = threading.Event()
        self.note = check_instance_type(spec.instance_type)
        self.code_source, self.entry_point = self._resolve_code()
        for channel in spec.channels:
            if not CHANNEL_PATTERN.match(channel.name):
                raise WorkflowError(
                    f"Invalid channel name {channel.name!r}: use 1-64 letters, digits, '.', '-' or "
                    "'_' (e.g. 'train', 'validation').")
            shard([], 1, channel.distribution)  # validates the distribution type
            if channel.input_mode != "File":
                warnings.warn(f"Channel {channel.name!r}: input mode {channel.input_mode!r} is "
                              "accepted for SageMaker compatibility but runs as 'File' locally.",
                              UserWarning, stacklevel=4)
        if spec.instance_count < 1:
            raise WorkflowError(f"instance_count must be >= 1; got {spec.instance_count}.")
        if spec.entry_point.endswith(".py") and isinstance(self.code_source, Path) and \
                not self.sandboxed:  # in a sandbox /opt/ml paths are the job's own
            scan_container_paths(self.code_source / self.entry_point
                                 if self.code_source.is_dir() else self.code_source, "training")
        self.hosts = [f"algo-{i + 1}" for i in range(spec.instance_count)]
        if spec.algorithm:  # a built-in reads hyperparameters.json itself, strings as sent
            self.hyperparameters = {str(k): v if isinstance(v, str) else json.dumps(v)
                                    for k, v in spec.hyperparameters.items()}
        else:
            self.hyperparameters = self._script_hyperparameters(region)
        self.model_uri = _uris.join(output_path, spec.job_name, "output", "model.tar.gz")
        self.output_uri = _uris.join(output_path, spec.job_name, "output", "output.tar.gz")
        if self.folder.exists():
            raise WorkflowError(f"A training job named {spec.job_name!r} already exists in "
                                f"{self.folder}; job names must be unique.")
        request = self._request()
        check_map("CreateTrainingJob", "HyperParameters", request["HyperParameters"])
        check_map("CreateTrainingJob", "Environment", request["Environment"])
        names = [c.name for c in spec.channels]
        if len(set(names)) < len(names) or set(names) & set(RESERVED_CHANNELS):
            raise WorkflowError(
                f"Channel names must be unique and not {' or '.join(RESERVED_CHANNELS)} (the "
                f"SDK v3 ModelTrainer sends its own code in those channels); got {names}.")
        self.record = JobRecord("training", spec.job_name, request, self.folder, region,
                                 log_path=self.log_path)

    def _script_hyperparameters(self, region):
        """Script mode's hyperparameters.json: the user's values plus the toolkit's keys."""
        return {
            **encode_hyperparameters(self.spec.hyperparameters),
            "sagemaker_program": json.dumps(self.entry_point),
            "sagemaker_submit_directory": json.dumps("/opt/ml/code"),
            "sagemaker_container_log_level": "20",
            "sagemaker_job_name": json.dumps(self.spec.job_name),
            "sagemaker_region": json.dumps(region),
        }

    def _resolve_code(self):
        spec = self.spec
        ep = spec.entry_point
        if spec.algorithm:  # a built-in algorithm: the image's own code, no user script
            return None, ""
        if spec.source_dir:
            source = spec.source_dir
            if _uris.is_s3(source) or str(source).endswith(".tar.gz"):
                return str(source), ep  # an archive URI, fetched into code/ at run time
            src = _uris.local_path(source)
            if not src.is_dir():
                raise WorkflowError(f"source_dir {source!r} is not a folder ({src}).")
            if not ENTRY_POINT_PATTERN.match(ep):
                raise WorkflowError(
                    f"entry_point {ep!r} must be a relative path inside source_dir made of "
                    "letters, digits, '.', '_', '+', '-' and '/'.")
            if not (src / ep).is_file():
                raise WorkflowError(f"Entry point {ep!r} not found in source_dir {src}; give its "
                                    "path relative to source_dir.")
            return src, ep
        path = _uris.local_path(ep)
        if not path.is_file():
            raise WorkflowError(f"Entry point {ep!r} not found (looked for {path}); give the path "
                                "of the training script, or a source_dir that holds it.")
        if not ENTRY_POINT_PATTERN.match(path.name):
            raise WorkflowError(f"Entry point file name {path.name!r} may hold only letters, "
                                "digits, '.', '_', '+' and '-'.")
        return path, path.name

    def _request(self):
        spec = self.spec
        return {
            "HyperParameters": dict(self.hyperparameters),
            "AlgorithmSpecification": {
                "TrainingImage": spec.image_uri or "estlab-local",
                "TrainingInputMode": "File",
                "MetricDefinitions": [dict(m) for m in spec.metric_definitions],
            },
            "RoleArn": spec.role or "arn:aws:iam::000000000000:role/estlab-local",
            "InputDataConfig": [{
                "ChannelName": c.name,
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": c.uri,
                                                "S3DataDistributionType": c.distribution}},
                **({"ContentType": c.content_type} if c.content_type else {}),
                "CompressionType": "None", "RecordWrapperType": "None",
                "InputMode": c.input_mode} for c in spec.channels],
            "OutputDataConfig": {"S3OutputPath": self.output_path, "CompressionType": "GZIP"},
            "ResourceConfig": {"InstanceType": spec.instance_type,
                               "InstanceCount": spec.instance_count, "VolumeSizeInGB": 30},
            "StoppingCondition": {"MaxRuntimeInSeconds": int(self.max_run)},
            "Environment": dict(spec.environment),
            "EnableNetworkIsolation": bool(spec.network_isolation),
        }

    # -- the job's phases --------------------------------------------------------------------
    def _run(self):
        record = self.record
        try:
            record.started()
            record.transition(SecondaryStatus.DOWNLOADING, "Downloading input data")
            self._prepare()
            record.transition(SecondaryStatus.TRAINING, "Training in progress (local processes)")
            results = run_hosts([self._host_command(h) for h in self.hosts], self.log_path,
                                timeout=self.max_run, note=self.note, stop_event=self._stop,
                                grace=self.stop_grace, timeout_grace=self.stop_grace,
                                spawn=self._spawn if self.sandboxed else None)
            metrics = self._metrics()
            if metrics:
                record.update(FinalMetricDataList=metrics)
            if any(r.timed_out for r in results):
                # As SageMaker: SIGTERM at MaxRuntimeInSeconds, stop_grace seconds to save, and
                # what the model folders hold then is still packed and uploaded.
                record.transition(SecondaryStatus.UPLOADING, "Uploading the model saved so far")
                self._upload()
                record.update(ModelArtifacts={"S3ModelArtifacts": self.model_uri})
                record.finish(SecondaryStatus.MAX_RUNTIME_EXCEEDED,
                              "Training job stopped: MaxRuntimeInSeconds exceeded",
                              failure_reason=(
                                  f"MaxRuntimeExceeded: the job ran longer than "
                                  f"MaxRuntimeInSeconds={self.max_run:g}; its processes got "
                                  f"SIGTERM and {self.stop_grace:g} s to save the model, which "
                                  "was uploaded as it was then."))
                return
            if any(r.stopped for r in results):
                # As StopTrainingJob: the script had its SIGTERM grace period to save a model,
                # and whatever is in the model folders is still packed and uploaded.
                record.transition(SecondaryStatus.UPLOADING, "Uploading the model saved so far")
                self._upload()
                record.update(ModelArtifacts={"S3ModelArtifacts": self.model_uri})
                record.finish(SecondaryStatus.STOPPED, "Training job stopped")
                return
            failed = [r for r in results if r.returncode != 0]
            if failed:
                record.finish(SecondaryStatus.FAILED, "Training job failed",
                              failure_reason=self._failure_reason(failed[0]))
                return
            for h in self.hosts:
                (self.folder / h / "output" / "success").touch()
            record.transition(SecondaryStatus.UPLOADING, "Uploading generated training model")
            self._upload()
            record.update(ModelArtifacts={"S3ModelArtifacts": self.model_uri})
            record.finish(SecondaryStatus.COMPLETED, "Training job completed")
        except Exception as err:  # anything else: the job fails with the reason, never hangs
            record.finish(SecondaryStatus.FAILED, "Training job failed",
                          failure_reason=f"ClientError: {type(err).__name__}: {err}")

    def _prepare(self):
        spec = self.spec
        channels = {c.name: {"TrainingInputMode": "File", "S3DistributionType": c.distribution,
                             "RecordWrapperType": "None",
                             **({"ContentType": c.content_type} if c.content_type else {})}
                    for c in spec.channels}
        listings = {c.name: _uris.list_objects(c.uri) for c in spec.channels}
        for c in spec.channels:
            if not listings[c.name]:
                raise WorkflowError(f"Channel {c.name!r}: no data under {c.uri}.")
        shards = {c.name: shard(listings[c.name], len(self.hosts), c.distribution)
                  for c in spec.channels}
        for i, host in enumerate(self.hosts):
            root = self.folder / host
            for sub in ("input/config", "model", "output/data", "output/intermediate", "code"):
                (root / sub).mkdir(parents=True, exist_ok=True)
            config = root / "input" / "config"
            (config / "hyperparameters.json").write_text(json.dumps(self.hyperparameters))
            (config / "resourceconfig.json").write_text(json.dumps({
                "current_host": host, "current_instance_type": spec.instance_type,
                "hosts": self.hosts, "network_interface_name": "eth0"}))
            (config / "inputdataconfig.json").write_text(json.dumps(channels))
            for c in spec.channels:
                fetch(shards[c.name][i], c.uri, root / "input" / "data" / c.name)
            self._stage_code(root / "code")

    def _stage_code(self, code_dir):
        src = self.code_source
        if src is None:  # a built-in algorithm brings no code
            return
        if isinstance(src, str):  # sourcedir.tar.gz, local or on S3
            [archive] = _uris.download(src, code_dir.parent / "code-archive")
            safe_extract(archive, code_dir)
            if not (code_dir / self.entry_point).is_file():
                raise WorkflowError(f"Entry point {self.entry_point!r} is not in {src}.")
        elif src.is_dir():
            shutil.copytree(src, code_dir, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", ".git", "*.pyc"))
        else:
            shutil.copyfile(src, code_dir / src.name)

    def _host_command(self, host):
        """``(host, argv, env, cwd)`` of one host, as its container runs it.

        In a sandbox the host's folder is ``/opt/ml``, so every path is the container's own;
        without one, the same contract with the paths relocated into the host's folder.
        """
        root = CONTAINER_ML if self.sandboxed else self.folder / host
        code = Path(root) / "code"
        hps = dict(self.hyperparameters)
        hps["sagemaker_submit_directory"] = json.dumps(str(code))
        channels = json.loads((self.folder / host / "input" / "config" /
                               "inputdataconfig.json").read_text())
        sm = training_env(job_name=self.spec.job_name, host=host, hosts=self.hosts, host_dir=root,
                          hyperparameters=hps, channels=channels, entry_point=self.entry_point,
                          instance_type=self.spec.instance_type, region=self.region)
        if self.spec.algorithm:  # the image's own program, as its container runs "train"
            env = base_environment()
            env.update(self.spec.environment)
            env.update(sm)
            return host, [sys.executable, "-m", self.spec.algorithm, "train"], env, str(code)
        requirements = (self.folder / host / "code" / "requirements.txt").is_file()
        site = ("/tmp/estlab-requirements" if self.sandboxed else
                str(self.folder / host / "requirements-site"))
        env = base_environment([code, site] if requirements else [code])  # the image's own
        env.update(self.spec.environment)
        env.update(sm)
        args = json.loads(sm["SM_USER_ARGS"])
        if self.entry_point.endswith(".sh"):
            (self.folder / host / "code" / self.entry_point).chmod(0o777)
            run = f"./{self.entry_point} {shlex.join(args)}"
        else:
            run = shlex.join([sys.executable, "--", self.entry_point, *args])
        if requirements:  # as the training toolkit: pip install -r requirements.txt first
            return host, ["/bin/sh", "-c", _install_then(site, Path(root) / "output", run)], \
                env, str(code)
        if self.entry_point.endswith(".sh"):
            return host, ["/bin/sh", "-c", run], env, str(code)
        return host, [sys.executable, "--", self.entry_point, *args], env, str(code)

    def _spawn(self, host, argv, *, env, cwd, **popen_kwargs):
        """Start one host in its sandbox, the host's folder at ``/opt/ml``."""
        return sandbox.spawn(self.folder / host, argv, env=env, cwd=cwd,
                             network=not self.spec.network_isolation, **popen_kwargs)

    def _failure_reason(self, result):
        failure = self.folder / result.host / "output" / "failure"
        if failure.is_file() and failure.read_text(errors="replace").strip():
            return failure.read_text(errors="replace")[:1024]
        argv = self._host_command(result.host)[1]
        stderr = "\n".join(result.stderr_tail.strip().splitlines()[-10:])
        # the training toolkit's format, plus the host and how its process ended
        reason = (f"AlgorithmError: ExecuteUserScriptError:\nExitCode {result.returncode}\n"
                  f"Host {result.host}: {result.describe_exit()}\n"
                  f"ErrorMessage \"{stderr}\"\nCommand \"{shlex.join(argv)}\"")
        failure.write_text(reason)  # as the toolkit does, when the script wrote none
        return reason[:1024]

    def _metrics(self):
        definitions = self.spec.metric_definitions
        if not definitions or not self.log_path.exists():
            return []
        text = self.log_path.read_text(errors="replace").splitlines()
        from estlab.workflow.local.records import now
        stamp, out = now(), []
        for d in definitions:
            pattern, value = re.compile(d["Regex"]), None
            for line in text:
                for match in pattern.finditer(line):
                    number = _leading_number(match.group(1) if pattern.groups else match.group(0))
                    if number is not None:
                        value = number
            if value is not None:
                out.append({"MetricName": d["Name"], "Value": value, "Timestamp": stamp})
        return out

    def _upload(self):
        merged = self.folder / "merged"
        for name in ("model", "output/data"):
            target = merged / name
            target.mkdir(parents=True, exist_ok=True)
            for host in self.hosts:  # later hosts overwrite clashing names, as SDK local mode
                shutil.copytree(self.folder / host / name, target, dirs_exist_ok=True)
        artifacts = self.folder / "artifacts"
        model_tar = make_tar_gz(merged / "model", artifacts / "model.tar.gz")
        output_tar = make_tar_gz(merged / "output" / "data", artifacts / "output.tar.gz")
        _uris.upload(model_tar, self.model_uri)
        _uris.upload(output_tar, self.output_uri)
