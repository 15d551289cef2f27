"""Exercise 5.3: where a training job's model artifact lands."""


def model_artifact_uri(output_path, job_name):
    """Return the URI of the ``model.tar.gz`` that training job ``job_name`` writes.

    SageMaker tars ``/opt/ml/model`` into ``<output_path>/<job_name>/output/model.tar.gz``
    (``Estimator.model_data``). ``output_path`` may or may not end with a slash.

    Examples
    --------
    >>> model_artifact_uri("s3://bucket/models", "linear-2024-05-01-12-00-00-000")
    's3://bucket/models/linear-2024-05-01-12-00-00-000/output/model.tar.gz'
    """
    # [solution] TODO: join the parts; mind a trailing slash on output_path
    return f"{output_path.rstrip('/')}/{job_name}/output/model.tar.gz"
    # [/solution]
