"""The control plane: one SageMaker operation in, the local runtime behind, one response out.

Every request takes the same path: check it against botocore's service model
(:mod:`.validation`), run the operation's handler (one module per resource family: training,
processing, models, endpoints, transform, tags), and shape the answer with the operation's
output shape (:mod:`.wire`). Handlers translate requests into estlab's frozen specs and run them
through one :class:`~estlab.workflow.LocalSession` on the server's root; what only the API knows
(requests as sent, ARNs, tags, endpoint configs) is kept in a :class:`.store.Store` beside it.
"""

import threading

import uuid

from estlab.workflow.local.api import (endpoints, models, processing, tags, training,
                                       transform)
from estlab.workflow.local.api.errors import ApiError
from estlab.workflow.local.api.store import Store
from estlab.workflow.local.api.validation import validate
from estlab.workflow.local.api.wire import to_wire
from estlab.workflow.local.session import LocalSession

__all__ = ["ControlPlane", "ACCOUNT"]

ACCOUNT = "000000000000"  # moto's default account, so S3/IAM/STS and SageMaker ARNs agree

_FAMILIES = (processing, training, transform, models, endpoints, tags)


class ControlPlane:
    """SageMaker's control plane on this machine, for one root folder.

    Parameters
    ----------
    root : pathlib.Path
        Job folders (the :class:`LocalSession`'s) and the API's records (``root/api``).
    region : str
    logs : object or None
        Receives ``watch(kind, job_name, log_path, done)`` for each job started, to ship its
        lines to CloudWatch Logs (:class:`.cloudwatch.LogShipper`); None ships nothing.
    """

    def __init__(self, root, region="us-east-1", logs=None):
        self.session = LocalSession(root=root, region=region)
        self.root, self.region, self.account = self.session.root, region, ACCOUNT
        self.store = Store(self.root)
        self.logs = logs
        self.started = uuid.uuid4().hex  # endpoints are processes of this server start
        self.lock = threading.RLock()  # one Create/Delete at a time: names are claimed atomically
        self._call = threading.local()  # per request thread: the SDK's invocation id
        self.operations = {}
        for family in _FAMILIES:
            self.operations.update(family.OPERATIONS)
        for family in _FAMILIES:
            recover = getattr(family, "recover", None)
            if recover is not None:
                recover(self)

    def arn(self, resource, name):
        """``arn:aws:sagemaker:<region>:<account>:<resource>/<name lower-cased>``, as SageMaker."""
        return f"arn:aws:sagemaker:{self.region}:{self.account}:{resource}/{name.lower()}"

    @property
    def invocation(self):
        """The running call's ``amz-sdk-invocation-id`` (None when the client sent none).

        botocore sends the same id with every retry of one call, and a new id for a new call:
        a Create that arrives again with its first attempt's id is that attempt's retry.
        """
        return getattr(self._call, "invocation", None)

    def call(self, operation, params, invocation=None):
        """Run one operation; return its response dict, or raise :class:`ApiError`.

        ``invocation`` is the request's ``amz-sdk-invocation-id`` header, if any.
        """
        self._call.invocation = invocation
        handler = self.operations.get(operation)
        if handler is None:
            raise ApiError("UnknownOperationException",
                           f"estlab serve does not implement SageMaker's {operation} (it serves "
                           f"{', '.join(sorted(self.operations))}).")
        validate(operation, params)
        return to_wire(operation, handler(self, params) or {})

    def close(self):
        """Stop every endpoint this control plane started (records stay on disk)."""
        self.session.close()
