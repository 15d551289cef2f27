"""The session: the one object a workflow component talks to.

SageMaker's SDK components never run anything themselves; they build a request and hand it to
a session, which calls the SageMaker API. estlab keeps that seam: ``Estimator.fit`` builds a
:class:`~estlab.workflow._specs.TrainingJobSpec` and calls ``session.create_training_job``.
:class:`~estlab.workflow.LocalSession` implements these methods on this machine (job folders,
subprocesses, a local HTTP server); :class:`~estlab.workflow.SageMakerSession` implements them
with the official SDK v3. ``describe_*`` return dicts shaped like the service's responses.
"""

from abc import ABC, abstractmethod

__all__ = ["Session"]


class Session(ABC):
    """Abstract session: ``create_*``, ``describe_*``, ``wait_for_*`` and endpoint calls."""

    # -- processing -----------------------------------------------------------------------
    @abstractmethod
    def create_processing_job(self, spec):
        """Start a processing job from a ``ProcessingJobSpec``; return without waiting."""

    @abstractmethod
    def describe_processing_job(self, job_name):
        """DescribeProcessingJob-shaped dict (ProcessingJobStatus, ExitMessage, FailureReason...)."""

    # -- training -------------------------------------------------------------------------
    @abstractmethod
    def create_training_job(self, spec):
        """Start a training job from a ``TrainingJobSpec``; return without waiting."""

    @abstractmethod
    def describe_training_job(self, job_name):
        """DescribeTrainingJob-shaped dict (TrainingJobStatus, SecondaryStatus, ModelArtifacts...)."""

    # -- hosting --------------------------------------------------------------------------
    @abstractmethod
    def create_model(self, spec):
        """Register a ``ModelSpec`` (model.tar.gz + inference code) under ``spec.name``."""

    @abstractmethod
    def create_endpoint(self, spec):
        """Create an endpoint for a registered model from an ``EndpointSpec``."""

    @abstractmethod
    def describe_endpoint(self, endpoint_name):
        """DescribeEndpoint-shaped dict (EndpointStatus, FailureReason, ProductionVariants...)."""

    @abstractmethod
    def delete_endpoint(self, endpoint_name):
        """Stop serving and release the endpoint."""

    @abstractmethod
    def invoke_endpoint(self, endpoint_name, body, content_type, accept, custom_attributes=None):
        """POST ``body`` (bytes) to the endpoint; return ``(response_bytes, response_content_type)``."""

    # -- batch transform ------------------------------------------------------------------
    @abstractmethod
    def create_transform_job(self, spec):
        """Start a batch transform job from a ``TransformJobSpec``; return without waiting."""

    @abstractmethod
    def describe_transform_job(self, job_name):
        """DescribeTransformJob-shaped dict (TransformJobStatus, FailureReason...)."""

    # -- waiting ----------------------------------------------------------------------------
    @abstractmethod
    def wait_for_job(self, kind, job_name, logs=True):
        """Block until the job ends, streaming its logs if asked; return the final description.

        ``kind`` is ``"processing"``, ``"training"`` or ``"transform"``. Raises
        :class:`~estlab.workflow.JobFailedError` (quoting FailureReason and the log tail) when
        the job did not complete.
        """

    @abstractmethod
    def wait_for_endpoint(self, endpoint_name):
        """Block until the endpoint is InService (or raise with its FailureReason)."""

    # -- data -------------------------------------------------------------------------------
    @abstractmethod
    def default_output_uri(self):
        """Where outputs go when the user names no output path (``s3://bucket`` or ``file://...``)."""
