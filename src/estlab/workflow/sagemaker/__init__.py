"""The bridge to Amazon SageMaker through the official SDK v3.

- ``session``: :class:`SageMakerSession`, the AWS backend of the session seam.
- ``bundle``: the code bundle a job uploads (the user's ``source_dir`` plus estlab's own source).
"""
