"""Endpoint configs and endpoints: Create/Describe/List/Delete, served by the local runtime.

An endpoint config is a record (its production variants name a model, an instance type and a
count). CreateEndpoint hands the config's first variant to ``LocalSession.create_endpoint``,
which starts a model server process; DescribeEndpoint then moves ``Creating`` -> ``InService``
once the server answers ``/ping`` (or ``Failed`` with the server's log tail). An image without
a local profile fails the endpoint with a FailureReason naming it.

Endpoints are processes of the running server: after a restart of ``estlab serve`` their
records are still listed, as ``Failed`` with a reason saying so, until they are deleted.
"""

from estlab.workflow._errors import WorkflowError
from estlab.workflow._specs import EndpointSpec
from estlab.workflow.local.api import images, models
from estlab.workflow.local.api.errors import ApiError, in_use, not_found
from estlab.workflow.local.api.listing import paginate
from estlab.workflow.local.records import now

__all__ = ["OPERATIONS", "describe"]

CONFIGS, ENDPOINTS = "endpoint-configs", "endpoints"
_RESTARTED = ("estlab serve was restarted since this endpoint was created, and endpoints are "
              "processes of the server: delete the endpoint and create it again.")


# ------------------------------------------------------------------------- endpoint configs --
def create_endpoint_config(plane, params):
    name = params["EndpointConfigName"]
    arn = plane.arn("endpoint-config", name)
    for variant in params["ProductionVariants"]:
        if variant.get("ModelName"):
            models.require(plane, variant["ModelName"])
    with plane.lock:
        if plane.store.get(CONFIGS, name) is not None:
            raise ApiError("ValidationException",
                           f'Cannot create already existing endpoint configuration "{arn}".')
        plane.store.put(CONFIGS, name, {**{k: v for k, v in params.items() if k != "Tags"},
                                        "EndpointConfigArn": arn, "CreationTime": now()})
    if params.get("Tags"):
        plane.store.put("tags", arn.replace("/", "+"), {"Tags": params["Tags"]})
    return {"EndpointConfigArn": arn}


def _config(plane, name):
    stored = plane.store.get(CONFIGS, name)
    if stored is None:
        raise not_found("endpoint configuration", plane.arn("endpoint-config", name))
    return stored


def describe_endpoint_config(plane, params):
    return _config(plane, params["EndpointConfigName"])


def list_endpoint_configs(plane, params):
    rows = [{k: c[k] for k in ("EndpointConfigName", "EndpointConfigArn", "CreationTime")}
            for c in (plane.store.get(CONFIGS, n) for n in plane.store.names(CONFIGS))]
    page, token = paginate(rows, params, "EndpointConfigName")
    return {"EndpointConfigs": page, **({"NextToken": token} if token else {})}


def delete_endpoint_config(plane, params):
    _config(plane, params["EndpointConfigName"])
    plane.store.delete(CONFIGS, params["EndpointConfigName"])


# -------------------------------------------------------------------------------- endpoints --
def create_endpoint(plane, params):
    name, config_name = params["EndpointName"], params["EndpointConfigName"]
    arn = plane.arn("endpoint", name)
    config = _config(plane, config_name)
    variant = config["ProductionVariants"][0]
    model = models.require(plane, variant["ModelName"])
    with plane.lock:
        if plane.store.get(ENDPOINTS, name) is not None:
            raise ApiError("ValidationException",
                           f'Cannot create already existing endpoint "{arn}".')
        record = {"EndpointName": name, "EndpointArn": arn, "EndpointConfigName": config_name,
                  "CreationTime": now(), "Server": plane.started}
        image = models.container(model).get("Image", "")
        if not images.runs_locally(image):
            record["FailureReason"] = images.unsupported_reason(image)
        elif models.isolation_reason(model):
            record["FailureReason"] = models.isolation_reason(model)
        else:
            spec = models.model_spec(model)
            try:
                plane.session.create_model(spec)
                plane.session.create_endpoint(EndpointSpec(
                    name=name, model_name=spec.name,
                    instance_count=variant.get("InitialInstanceCount", 1),
                    instance_type=variant.get("InstanceType", "local")))
            except WorkflowError as err:
                record["FailureReason"] = str(err)[:1024]
        plane.store.put(ENDPOINTS, name, record)
    if params.get("Tags"):
        plane.store.put("tags", arn.replace("/", "+"), {"Tags": params["Tags"]})
    return {"EndpointArn": arn}


def describe(plane, name):
    """The DescribeEndpoint record of ``name`` (raises SageMaker's error if unknown)."""
    stored = plane.store.get(ENDPOINTS, name)
    if stored is None:
        raise not_found("endpoint", plane.arn("endpoint", name))
    config = plane.store.get(CONFIGS, stored["EndpointConfigName"]) or {}
    variants = config.get("ProductionVariants") or [{}]
    record = {k: stored[k] for k in ("EndpointName", "EndpointArn", "EndpointConfigName",
                                     "CreationTime")}
    reason = stored.get("FailureReason")
    if reason is None and stored.get("Server") != plane.started:
        reason = _RESTARTED
    if reason is None:
        try:
            live = plane.session.describe_endpoint(name)
        except WorkflowError as err:
            reason = str(err)[:1024]
        else:
            record.update(EndpointStatus=live["EndpointStatus"],
                          LastModifiedTime=live["LastModifiedTime"])
            if "FailureReason" in live:
                record["FailureReason"] = live["FailureReason"]
            record["ProductionVariants"] = [{
                **v, "VariantName": variants[0].get("VariantName", "AllTraffic")}
                for v in live["ProductionVariants"]]
            return record
    record.update(EndpointStatus="Failed", FailureReason=reason,
                  LastModifiedTime=stored["CreationTime"])
    return record


def describe_endpoint(plane, params):
    return describe(plane, params["EndpointName"])


def list_endpoints(plane, params):
    rows = [{k: d[k] for k in ("EndpointName", "EndpointArn", "CreationTime",
                               "LastModifiedTime", "EndpointStatus")}
            for d in (describe(plane, n) for n in plane.store.names(ENDPOINTS))]
    page, token = paginate(rows, params, "EndpointName", "EndpointStatus")
    return {"Endpoints": page, **({"NextToken": token} if token else {})}


def delete_endpoint(plane, params):
    name = params["EndpointName"]
    describe(plane, name)
    with plane.lock:
        try:
            plane.session.delete_endpoint(name)
        except WorkflowError:
            pass  # failed at creation, or from before a restart: nothing runs
        plane.store.delete(ENDPOINTS, name)


OPERATIONS = {
    "CreateEndpointConfig": create_endpoint_config,
    "DescribeEndpointConfig": describe_endpoint_config,
    "ListEndpointConfigs": list_endpoint_configs,
    "DeleteEndpointConfig": delete_endpoint_config,
    "CreateEndpoint": create_endpoint,
    "DescribeEndpoint": describe_endpoint,
    "ListEndpoints": list_endpoints,
    "DeleteEndpoint": delete_endpoint,
}
