"""Serve the built book on 127.0.0.1 (what ``make book`` runs after the build; not an MkDocs hook).

Python's ``http.server`` with two things a reader needs: unknown URLs get the site's own
``404.html`` (with its navigation and search) instead of a bare error page, and a busy port is
said in one line with the fix, checked *before* the half-minute build (``--check``)::

    python chapters/_hooks/serve.py --check 8000    # exit 2 with a message if the port is taken
    python chapters/_hooks/serve.py 8000 --directory site
"""

import argparse
import functools
import socket
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"  # loopback only: the book is served to this machine, never the network


def port_is_free(port):
    """True when nothing listens on ``HOST:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex((HOST, port)) != 0


def busy_message(port):
    return (f"Port {port} on {HOST} is busy (is another `make book` still serving?). "
            f"Stop it with Ctrl-C in its terminal, or pick another port: make book PORT={port + 1}")


class BookHandler(SimpleHTTPRequestHandler):
    """Static files from the site folder; a missing page answers 404 with the site's 404.html."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # one short line a request, on stderr
        sys.stderr.write(f"{self.command} {self.path} {args[1] if len(args) > 1 else ''}\n")


def make_server(port, directory):
    """A threading HTTP server for ``directory`` on ``HOST:port`` (port 0 picks a free one)."""
    handler = functools.partial(BookHandler, directory=str(directory))
    return ThreadingHTTPServer((HOST, port), handler)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--directory", default="site")
    parser.add_argument("--check", action="store_true", help="only check that the port is free")
    args = parser.parse_args(argv)
    if not port_is_free(args.port):
        print(busy_message(args.port), file=sys.stderr)
        return 2
    if args.check:
        return 0
    if not (Path(args.directory) / "index.html").is_file():
        print(f"No built book in {args.directory}/: run `make book` (it builds, then serves).",
              file=sys.stderr)
        return 2
    server = make_server(args.port, args.directory)
    print(f"Serving the book on http://{HOST}:{args.port} (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
