"""``LocalApi``: the control plane, the log shipper and the HTTP front, started and stopped as one.

Used by ``estlab serve`` (in the foreground) and by :func:`estlab.workflow.local.api.serve`
(in a thread, for a ``with`` block).
"""

import os
import time
from pathlib import Path

from estlab.workflow.local.api.cloudwatch import LogShipper
from estlab.workflow.local.api.front import make_server, serve_in_thread
from estlab.workflow.local.api.plane import ControlPlane

__all__ = ["LocalApi", "client_environment"]


def client_environment(url, region):
    """The variables an unmodified AWS client needs to talk to ``url`` (fake keys, no IMDS)."""
    return {"AWS_ENDPOINT_URL": url, "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": region,
            "AWS_EC2_METADATA_DISABLED": "true"}


class LocalApi:
    """SageMaker's API (and moto's S3, IAM, STS, Logs) on ``127.0.0.1:port`` for one root.

    Parameters
    ----------
    root : str or os.PathLike
        Where jobs and the API's records live (``$ESTLAB_HOME`` or ``~/.estlab`` if None).
    port : int, default 0
        0 picks a free port.
    region : str, default "us-east-1"
    """

    def __init__(self, root=None, port=0, region="us-east-1"):
        from estlab.workflow.local.session import default_root

        started = time.perf_counter()
        self.root = Path(root).expanduser().absolute() if root is not None else default_root()
        self.region = region
        self.http = make_server(None, port)
        self.port = self.http.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        # the runtime's own S3 transfers (inputs, model.tar.gz) go to this server's moto
        for key, value in client_environment(self.url, region).items():
            if key == "AWS_ENDPOINT_URL" or key not in os.environ:
                os.environ[key] = value
        self.logs = LogShipper(self.url, region)
        self.plane = ControlPlane(self.root, region=region, logs=self.logs)
        self.http.app.plane = self.plane
        self._thread = None
        self.startup_seconds = time.perf_counter() - started

    def start(self):
        """Serve on a background thread; return self."""
        self._thread = serve_in_thread(self.http)
        return self

    def serve_forever(self):
        """Serve in the calling thread until interrupted."""
        self.http.serve_forever()

    def stop(self):
        """Stop serving and stop every endpoint the server started."""
        self.logs.close()
        self.http.shutdown()
        self.http.server_close()
        self.plane.close()
