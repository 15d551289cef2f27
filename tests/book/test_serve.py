"""`make book`'s server: the site's own 404 page, loopback only, and a busy port said with the fix."""

import importlib.util
import subprocess
import sys
import threading
import urllib.error
import urllib.request

from book_support import ROOT

SCRIPT = ROOT / "chapters" / "_hooks" / "serve.py"
_spec = importlib.util.spec_from_file_location("book_serve", SCRIPT)
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)


def _site(tmp_path):
    (tmp_path / "index.html").write_text("<h1>home</h1>")
    (tmp_path / "404.html").write_text("<h1>the site's own 404</h1>")
    return tmp_path


def test_missing_pages_get_the_sites_404_and_existing_pages_are_served(tmp_path):
    server = serve.make_server(0, _site(tmp_path))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host, port = server.server_address
        assert host == "127.0.0.1"
        url = f"http://127.0.0.1:{port}"
        assert urllib.request.urlopen(url + "/").read() == b"<h1>home</h1>"
        try:
            urllib.request.urlopen(url + "/no/such/page/")
        except urllib.error.HTTPError as err:
            assert err.code == 404
            assert err.read() == b"<h1>the site's own 404</h1>"
        else:
            raise AssertionError("a missing page answered 200")
    finally:
        server.shutdown()
        server.server_close()


def test_a_busy_port_is_said_with_the_fix_before_anything_is_built(tmp_path):
    server = serve.make_server(0, _site(tmp_path))  # holds the port, like a first `make book`
    try:
        port = server.server_address[1]
        proc = subprocess.run([sys.executable, str(SCRIPT), "--check", str(port)],
                              capture_output=True, text=True, timeout=30)
        assert proc.returncode == 2
        assert f"Port {port} on 127.0.0.1 is busy" in proc.stderr
        assert f"make book PORT={port + 1}" in proc.stderr
        assert "Traceback" not in proc.stderr
    finally:
        server.server_close()
    # control: once the port is free again the check passes
    assert subprocess.run([sys.executable, str(SCRIPT), "--check", str(port)],
                          timeout=30).returncode == 0
