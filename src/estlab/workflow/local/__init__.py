"""The local runtime: SageMaker's jobs and endpoints on this machine, with no Docker and no AWS account.

One module per part of the service, read in this order:

- ``session``: :class:`LocalSession`, the local backend of the session seam (``create_*`` / ``describe_*``).
- ``records``: the job-state model every job shares (a ``describe.json`` shaped like the service's).
- ``training``, ``processing``, ``transform``: the three job types, each a folder laid out as the container sees it.
- ``hosting``, ``server``, ``handlers``: endpoints, the HTTP model server, and the inference handler chain.
- ``archive``, ``logs``: safe ``model.tar.gz`` handling and the job logs (CloudWatch's shape on disk).
"""
