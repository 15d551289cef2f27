"""Models: CreateModel / DescribeModel / ListModels / DeleteModel, and the ``ModelSpec`` they imply.

A model is a record (image, ``ModelDataUrl``, environment); nothing runs until an endpoint or a
transform job uses it. The scikit-learn serving contract decides where the inference code is:
``SAGEMAKER_PROGRAM`` names the script, found in ``SAGEMAKER_SUBMIT_DIRECTORY`` when that is an
S3 ``sourcedir.tar.gz``, else in ``code/`` inside model.tar.gz (the repacked layout, whose
submit directory is ``/opt/ml/model/code``). A built-in algorithm's image (XGBoost) without
``SAGEMAKER_PROGRAM`` is served by the algorithm's own module, which becomes the script.
"""

import importlib.util

from estlab.workflow import _uris
from estlab.workflow._specs import ModelSpec
from estlab.workflow.local.api import images
from estlab.workflow.local.api.errors import in_use, not_found
from estlab.workflow.local.api.listing import paginate
from estlab.workflow.local.records import now

__all__ = ["OPERATIONS", "model_spec", "container", "isolation_reason"]

FAMILY = "models"


def container(request):
    """The model's (first) container definition."""
    return request.get("PrimaryContainer") or (request.get("Containers") or [{}])[0]


def model_spec(request):
    """The local runtime's ``ModelSpec`` for a stored CreateModel request."""
    c = container(request)
    env = dict(c.get("Environment") or {})
    submit = env.get("SAGEMAKER_SUBMIT_DIRECTORY", "")
    archive = _uris.is_s3(submit) or submit.endswith(".tar.gz")
    algorithm = images.algorithm(c.get("Image", ""))
    if algorithm and ("SAGEMAKER_PROGRAM" not in env or not images.runs_scripts(c.get("Image"))):
        # algorithm mode: the image serves with its own program
        return ModelSpec(name=request["ModelName"], model_data=c.get("ModelDataUrl", ""),
                         entry_point=importlib.util.find_spec(algorithm).origin, env=env,
                         image_uri=c.get("Image"), role=request.get("ExecutionRoleArn"))
    return ModelSpec(name=request["ModelName"], model_data=c.get("ModelDataUrl", ""),
                     entry_point=env.get("SAGEMAKER_PROGRAM") if archive else None,
                     source_dir=submit if archive else None, env=env, image_uri=c.get("Image"),
                     role=request.get("ExecutionRoleArn"))


def isolation_reason(request):
    """The FailureReason for a model sent with ``EnableNetworkIsolation``, else None.

    Training and processing hosts run in a sandbox with no network when asked; a model server
    does not run in a sandbox locally (the transform job and the runtime reach it on 127.0.0.1),
    so a model that asks for isolation is refused rather than served with the network on.
    """
    if not request.get("EnableNetworkIsolation"):
        return None
    return (f"ClientError: model {request['ModelName']!r} asks for EnableNetworkIsolation, and "
            "estlab serve runs model servers as processes on this machine's network (only "
            "training and processing hosts run in a network-less sandbox), so it cannot keep "
            "that promise. Create the model without EnableNetworkIsolation to serve it locally.")


def require(plane, name):
    """The stored model ``name``, or SageMaker's ``Could not find model`` error."""
    stored = plane.store.get(FAMILY, name)
    if stored is None:
        raise not_found("model", plane.arn("model", name))
    return stored


def create_model(plane, params):
    name = params["ModelName"]
    arn = plane.arn("model", name)
    with plane.lock:
        if plane.store.get(FAMILY, name) is not None:
            raise in_use("model", name, arn)
        plane.store.put(FAMILY, name, {**{k: v for k, v in params.items() if k != "Tags"},
                                       "ModelArn": arn, "CreationTime": now()})
    if params.get("Tags"):
        plane.store.put("tags", arn.replace("/", "+"), {"Tags": params["Tags"]})
    return {"ModelArn": arn}


def describe_model(plane, params):
    return require(plane, params["ModelName"])


def list_models(plane, params):
    rows = [{k: m[k] for k in ("ModelName", "ModelArn", "CreationTime")}
            for m in (plane.store.get(FAMILY, n) for n in plane.store.names(FAMILY))]
    page, token = paginate(rows, params, "ModelName")
    return {"Models": page, **({"NextToken": token} if token else {})}


def delete_model(plane, params):
    require(plane, params["ModelName"])
    with plane.lock:
        plane.store.delete(FAMILY, params["ModelName"])
        plane.session.delete_model(params["ModelName"])  # the name is free for a new model


OPERATIONS = {
    "CreateModel": create_model,
    "DescribeModel": describe_model,
    "ListModels": list_models,
    "DeleteModel": delete_model,
}
