"""A local SageMaker API: unmodified boto3, AWS CLI and SageMaker SDK v3 clients, on this machine.

``estlab serve`` (or :func:`serve` in Python) starts one AWS-compatible HTTP endpoint on
127.0.0.1. SageMaker's control plane is estlab's (jobs run by the local runtime), SageMaker
Runtime reaches the local endpoints by name, and S3, IAM, STS and CloudWatch Logs are moto's.
Point a client at it with ``AWS_ENDPOINT_URL`` (plus any keys and a region), nothing else.

One idea per module, read in this order:

- ``front``: the HTTP front and its routing; ``server``: the pieces started as one.
- ``plane``: one operation in, validated, run, shaped; ``validation`` and ``wire``: botocore's
  service model as the judge of requests and the shape of responses; ``errors``.
- ``processing``, ``training``, ``transform``, ``models``, ``endpoints``, ``tags``: one module
  per resource family (processing jobs run the request's ``ContainerEntrypoint`` as given;
  transform jobs serve the stored model as an endpoint would, record by record);
  ``runtime``: InvokeEndpoint; ``cloudwatch``: job logs; ``store``: the records under root;
  ``images``: what runs locally; ``listing``: List* paging.

State: SageMaker records (jobs, models, endpoint configs, endpoints, tags) live under
``<root>/api`` and the job folders, and survive a restart; jobs that were running end Failed and
endpoints are listed Failed (they were processes of the old server), each with the reason.
moto's S3, IAM and log data are in memory and start empty with every server.
"""

import contextlib
import os

__all__ = ["serve", "LocalApi"]


def __getattr__(name):  # the server (moto, botocore's models) loads on first use, not on import
    if name == "LocalApi":
        from estlab.workflow.local.api.server import LocalApi

        return LocalApi
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@contextlib.contextmanager
def serve(root=None, port=0, region="us-east-1"):
    """Run the local SageMaker API for a ``with`` block, with ``AWS_ENDPOINT_URL`` set to it.

    Inside the block, boto3, the AWS CLI and the SageMaker SDK reach the local API with no
    other setting: ``AWS_ENDPOINT_URL`` points at it and, where unset, fake keys, a region and
    ``AWS_EC2_METADATA_DISABLED`` are provided. The variables are restored on exit.

    Parameters
    ----------
    root : str or os.PathLike, optional
        Job folders and the API's records (default ``$ESTLAB_HOME`` or ``~/.estlab``).
    port : int, default 0
        0 picks a free port on 127.0.0.1.
    region : str, default "us-east-1"

    Yields
    ------
    LocalApi
        With ``url``, ``port``, ``root`` and ``startup_seconds``.

    Examples
    --------
    >>> import tempfile, boto3
    >>> with tempfile.TemporaryDirectory() as d, serve(root=d) as api:
    ...     sm = boto3.client("sagemaker")
    ...     sm.list_training_jobs()["TrainingJobSummaries"], api.url.startswith("http://127.0.0.1:")
    ([], True)
    """
    from estlab.workflow.local.api.server import LocalApi, client_environment

    saved = {k: os.environ.get(k) for k in client_environment("", region)}
    api = LocalApi(root=root, port=port, region=region).start()
    try:
        yield api
    finally:
        api.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
