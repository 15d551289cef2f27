"""The control plane's own records, one JSON file per resource under ``<root>/api/``.

Jobs keep their live state in their job folders (``describe.json``, written by the local
runtime); what only the API knows lives here: the request as the client sent it, tags, ARNs,
models, endpoint configs and endpoints. Files are written atomically, so a restarted
``estlab serve`` on the same root finds every resource again::

    <root>/api/training-jobs/<name>.json   <root>/api/models/<name>.json   ...

Examples
--------
>>> import tempfile
>>> from datetime import datetime, timezone
>>> store = Store(tempfile.mkdtemp())
>>> store.put("models", "m-1", {"ModelName": "m-1", "CreationTime": datetime(2024, 5, 1, tzinfo=timezone.utc)})
>>> store.get("models", "m-1")["CreationTime"].year, store.names("models")
(2024, ['m-1'])
>>> store.delete("models", "m-1"); store.get("models", "m-1") is None
True
"""

import json
import threading
from datetime import datetime
from pathlib import Path

__all__ = ["Store", "dump", "load"]


def _encode(value):
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    raise TypeError(f"cannot store {type(value).__name__}")


def _decode(obj):
    if set(obj) == {"__datetime__"}:
        return datetime.fromisoformat(obj["__datetime__"])
    return obj


def dump(path, record):
    """Write ``record`` as JSON to ``path`` atomically (datetimes kept as ``{"__datetime__": iso}``,
    the format of the runtime's ``describe.json``)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(record, default=_encode, indent=1, sort_keys=True))
    tmp.replace(path)


def load(path):
    """Read a record written by :func:`dump` (or a job's ``describe.json``)."""
    return json.loads(Path(path).read_text(), object_hook=_decode)


class Store:
    """JSON records by family (``"models"``, ``"training-jobs"``...) and name, under ``root/api``."""

    def __init__(self, root):
        self.folder = Path(root) / "api"
        self._lock = threading.Lock()

    def _path(self, family, name):
        return self.folder / family / f"{name}.json"

    def get(self, family, name):
        """The record, or None."""
        path = self._path(family, name)
        try:
            return load(path)
        except FileNotFoundError:
            return None

    def put(self, family, name, record):
        """Write ``record`` (atomically: a reader sees the old or the new file, never half)."""
        path = self._path(family, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            dump(path, record)

    def update(self, family, name, **fields):
        """Merge ``fields`` into a record that exists."""
        with self._lock:
            record = self.get(family, name)
        record.update(fields)
        self.put(family, name, record)
        return record

    def delete(self, family, name):
        """Forget the record (no error if it is gone)."""
        self._path(family, name).unlink(missing_ok=True)

    def names(self, family):
        """Every name in ``family``, sorted."""
        folder = self.folder / family
        return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
