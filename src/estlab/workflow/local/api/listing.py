"""List* operations: filter, sort and page summaries as SageMaker does.

Every List* call shares the same knobs: ``NameContains``, ``StatusEquals``,
``CreationTimeAfter``/``Before``, ``SortBy`` (``Name``, ``CreationTime``, ``Status``),
``SortOrder`` (default ``Descending``), ``MaxResults`` (default 10) and an opaque ``NextToken``.

Examples
--------
>>> from datetime import datetime, timezone
>>> rows = [{"Name": n, "CreationTime": datetime(2024, 5, d, tzinfo=timezone.utc)}
...         for n, d in (("a", 1), ("b", 2), ("c", 3))]
>>> page, token = paginate(rows, {"MaxResults": 2}, name_key="Name")
>>> [r["Name"] for r in page], token
(['c', 'b'], '2')
>>> [r["Name"] for r in paginate(rows, {"NextToken": token}, name_key="Name")[0]]
['a']
"""

from datetime import datetime, timezone

from estlab.workflow.local.api.errors import ApiError

__all__ = ["paginate"]


def _time(value):
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc)
    return value


def paginate(rows, params, name_key, status_key=None):
    """The page of ``rows`` (summary dicts) that ``params`` select, and the next token or None."""
    contains = params.get("NameContains")
    if contains:
        rows = [r for r in rows if contains.lower() in r[name_key].lower()]
    if status_key and params.get("StatusEquals"):
        rows = [r for r in rows if r.get(status_key) == params["StatusEquals"]]
    if params.get("CreationTimeAfter") is not None:
        rows = [r for r in rows if r["CreationTime"] > _time(params["CreationTimeAfter"])]
    if params.get("CreationTimeBefore") is not None:
        rows = [r for r in rows if r["CreationTime"] < _time(params["CreationTimeBefore"])]
    key = {"Name": name_key, "Status": status_key}.get(params.get("SortBy"), "CreationTime")
    rows = sorted(rows, key=lambda r: (r.get(key) or "", r[name_key]),
                  reverse=params.get("SortOrder", "Descending") == "Descending")
    token = params.get("NextToken")
    try:
        start = int(token) if token else 0
    except ValueError:
        raise ApiError("ValidationException", "Invalid pagination token") from None
    size = params.get("MaxResults") or 10
    page = rows[start:start + size]
    return page, (str(start + size) if start + size < len(rows) else None)
