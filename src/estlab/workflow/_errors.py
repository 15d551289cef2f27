"""Errors of the workflow layer; all derive from :class:`estlab.EstlabError`."""

from estlab._errors import EstlabError

__all__ = ["WorkflowError", "JobFailedError", "EndpointError", "UnsafeArchiveError"]


class WorkflowError(EstlabError):
    """Something in the SageMaker workflow (local or remote) went wrong."""


class JobFailedError(WorkflowError, RuntimeError):
    """A processing, training or transform job ended Failed (or Stopped).

    Attributes
    ----------
    job_name : str
    description : dict
        The job's final ``describe_*`` record, with ``FailureReason``.
    log_tail : str
        The last lines of the job's log.
    """

    def __init__(self, message, *, job_name=None, description=None, log_tail=""):
        super().__init__(message)
        self.job_name = job_name
        self.description = description or {}
        self.log_tail = log_tail


class EndpointError(WorkflowError):
    """An endpoint failed to start, or answered an invocation with an error status.

    Attributes
    ----------
    status_code : int or None
        The HTTP status the model container returned (the ``OriginalStatusCode``).
    body : str
        The container's error body.
    """

    def __init__(self, message, *, status_code=None, body=""):
        super().__init__(message)
        self.status_code = status_code
        self.body = body


class UnsafeArchiveError(WorkflowError, ValueError):
    """A tar archive holds a member that would land outside the extraction folder."""
