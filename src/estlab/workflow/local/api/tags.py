"""AddTags / ListTags / DeleteTags: tags kept per resource ARN (the SDK v3 tags what it creates).

Examples
--------
>>> import tempfile, types
>>> from estlab.workflow.local.api.store import Store
>>> plane = types.SimpleNamespace(store=Store(tempfile.mkdtemp()))
>>> arn = "arn:aws:sagemaker:us-east-1:000000000000:model/m"
>>> _ = add_tags(plane, {"ResourceArn": arn, "Tags": [{"Key": "a", "Value": "1"}]})
>>> list_tags(plane, {"ResourceArn": arn})
{'Tags': [{'Key': 'a', 'Value': '1'}]}
"""

__all__ = ["OPERATIONS"]

FAMILY = "tags"


def _key(arn):
    return arn.replace("/", "+")


def _tags(plane, arn):
    return (plane.store.get(FAMILY, _key(arn)) or {}).get("Tags", [])


def add_tags(plane, params):
    tags = {t["Key"]: t for t in _tags(plane, params["ResourceArn"])}
    tags.update({t["Key"]: t for t in params["Tags"]})
    plane.store.put(FAMILY, _key(params["ResourceArn"]), {"Tags": list(tags.values())})
    return {"Tags": params["Tags"]}


def list_tags(plane, params):
    return {"Tags": _tags(plane, params["ResourceArn"])}


def delete_tags(plane, params):
    keep = [t for t in _tags(plane, params["ResourceArn"]) if t["Key"] not in params["TagKeys"]]
    plane.store.put(FAMILY, _key(params["ResourceArn"]), {"Tags": keep})


OPERATIONS = {"AddTags": add_tags, "ListTags": list_tags, "DeleteTags": delete_tags}
