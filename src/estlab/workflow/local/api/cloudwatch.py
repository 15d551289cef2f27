"""Job logs into CloudWatch Logs, named as SageMaker names them.

SageMaker writes a job's output to the log group ``/aws/sagemaker/TrainingJobs`` (also
``ProcessingJobs``, ``TransformJobs``, ``Endpoints``), one stream per host named
``<job>/algo-<n>-<epoch seconds of the host's start>``. The SDK's ``wait(logs=True)`` and
``aws logs tail`` read those streams; here a thread per job follows the job's ``log.txt`` and
sends its lines, through boto3, to the CloudWatch Logs of the same ``estlab serve`` (moto's).

Lines the local runtime adds for the console (the SDK-style status lines and instance-type
notes) are not script output and are not sent, so the streams hold the script's own lines.
"""

import re
import sys
import threading
import time
from pathlib import Path

__all__ = ["LogShipper", "script_line"]

_STATUS = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [A-Z][A-Za-z]+( - .*)?$")
_HOST = re.compile(r"^(algo-\d+) \| (.*)$")


def script_line(line):
    """True for a line the job's script printed (not a runtime status line or note).

    Examples
    --------
    >>> script_line("epoch 1 loss 0.5"), script_line("2024-05-01 12:00:00 Training - Training in progress")
    (True, False)
    """
    return not (_STATUS.match(line) or line.startswith("Note: instance_type "))


class LogShipper:
    """Follows job logs and puts their lines into CloudWatch Logs at ``endpoint_url``."""

    def __init__(self, endpoint_url, region, poll=0.2):
        import boto3

        self.client = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing",
            region_name=region).client("logs", endpoint_url=endpoint_url)
        self.poll = poll
        self._groups = set()
        self._lock = threading.Lock()
        self._threads = []
        self._closing = threading.Event()

    def _group(self, group):
        with self._lock:
            if group in self._groups:
                return
            try:
                self.client.create_log_group(logGroupName=group)
            except self.client.exceptions.ResourceAlreadyExistsException:
                pass
            self._groups.add(group)

    def watch(self, family, name, log_path, done, epoch=None, suffix=""):
        """Ship ``log_path`` to ``/aws/sagemaker/<family>`` until ``done()`` and the file is read.

        The streams are ``<name>/<host>-<epoch><suffix>``; ``epoch`` (default: now) names the
        host's start, and two watches given the same one write to the same instance's streams
        (a transform job's model-server output and its ``/data-log``).
        """
        thread = threading.Thread(target=self._follow,
                                  args=(family, name, Path(log_path), done, epoch, suffix),
                                  name=f"estlab-logs-{name}", daemon=True)
        thread.start()
        self._threads.append(thread)
        return thread

    def close(self, timeout=5.0):
        """Ship what the logs hold now, then stop following (before the server stops)."""
        self._closing.set()
        for thread in self._threads:
            thread.join(timeout)

    def _follow(self, family, name, path, done, epoch, suffix):
        try:
            self._ship(family, name, path, done, epoch, suffix)
        except Exception as err:  # the logs are a copy: never let them break the job or server
            print(f"estlab serve: stopped sending the log of {name} to CloudWatch Logs: "
                  f"{type(err).__name__}: {err}", file=sys.stderr)

    def _ship(self, family, name, path, done, epoch=None, suffix=""):
        group = f"/aws/sagemaker/{family}"
        self._group(group)
        epoch = int(time.time()) if epoch is None else epoch
        streams, offset, partial = {}, 0, ""
        while True:
            finished = done() or self._closing.is_set()
            if path.is_file():
                with open(path, encoding="utf-8", errors="replace") as f:
                    f.seek(offset)
                    chunk = f.read()
                    offset = f.tell()
                lines = (partial + chunk).split("\n")
                partial = lines.pop()
                events = {}
                for line in lines:
                    match = _HOST.match(line)
                    host, text = (match.group(1), match.group(2)) if match else ("algo-1", line)
                    if text and script_line(text):  # CloudWatch rejects empty events
                        events.setdefault(host, []).append(text)
                for host, texts in events.items():
                    stream = streams.get(host)
                    if stream is None:
                        stream = streams[host] = f"{name}/{host}-{epoch}{suffix}"
                        self.client.create_log_stream(logGroupName=group, logStreamName=stream)
                    stamp = int(time.time() * 1000)
                    self.client.put_log_events(
                        logGroupName=group, logStreamName=stream,
                        logEvents=[{"timestamp": stamp, "message": t} for t in texts])
            if finished:
                return
            self._closing.wait(self.poll)
