"""Fixtures of the local processing/training runtime tests."""

import pytest


@pytest.fixture
def local_session(tmp_path):
    """A LocalSession rooted in the test's temporary folder."""
    from estlab.workflow import LocalSession

    return LocalSession(root=tmp_path / "estlab-root")


@pytest.fixture
def write_script(tmp_path):
    """Write a script file from its source text; return its path (str)."""
    import textwrap

    def write(name, source):
        path = tmp_path / "scripts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
        return str(path)

    return write


@pytest.fixture(scope="module")
def moto_s3_server():
    """moto's S3 server on 127.0.0.1 (free port), with fake credentials in the environment.

    Yields the endpoint URL. boto3 reaches it through AWS_ENDPOINT_URL_S3, exactly as a user's
    own configuration would point it at a local S3.
    """
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    mp = pytest.MonkeyPatch()
    for key, value in {"AWS_ENDPOINT_URL_S3": url, "AWS_ACCESS_KEY_ID": "testing",
                       "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
                       "AWS_CONFIG_FILE": "/nonexistent/aws-config",
                       "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials"}.items():
        mp.setenv(key, value)
    mp.delenv("AWS_PROFILE", raising=False)
    try:
        yield url
    finally:
        mp.undo()
        server.stop()
