"""Chapter 5 exercises: SageMaker's components (conceptual, but checkable)."""

from estlab.exercises._exercise import Exercise, Mistake

_STAGES = {
    "preprocess": "Processor",
    "train": "Estimator",
    "package": "Model",
    "predict in real time": "Predictor",
    "predict in bulk": "Transformer",
}

_WHY = {
    "Processor": "a Processor runs a script as a processing job (clean, split, feature "
                 "engineering)",
    "Estimator": "an Estimator runs a training job and produces model.tar.gz",
    "Model": "a Model is the deployable artifact: model.tar.gz plus the inference code and image",
    "Predictor": "a Predictor is the client that sends requests to a deployed endpoint",
    "Transformer": "a Transformer runs batch transform: scores whole files without an endpoint",
}


def check_components(student):
    answer = student.function("workflow_components")()
    if not isinstance(answer, dict):
        raise Mistake(f"workflow_components should return a dict; got {type(answer).__name__}.")
    missing = sorted(set(_STAGES) - set(answer))
    if missing:
        raise Mistake(f"Missing stages {missing}; keep the keys exactly as in the docstring.")
    if answer.get("package") == "Predictor" and answer.get("predict in real time") == "Model":
        raise Mistake(f"Model and Predictor are swapped: {_WHY['Model']}; {_WHY['Predictor']}.")
    for stage, right in _STAGES.items():
        if answer[stage] != right:
            given = answer[stage]
            why = _WHY.get(given, f"{given!r} is not one of the five component classes")
            raise Mistake(f"{stage!r}: not {given!r} ({why}). Which component does that stage?")


def check_naming(student):
    name = student.function("framework_class")
    cases = [("TensorFlow", "Processor", "TensorFlowProcessor"),
             ("PyTorch", "Model", "PyTorchModel"),
             ("SKLearn", "Predictor", "SKLearnPredictor"),
             ("XGBoost", "Processor", "XGBoostProcessor"),
             ("HuggingFace", "Model", "HuggingFaceModel"),
             ("TensorFlow", "Estimator", "TensorFlow"),
             ("PyTorch", "Estimator", "PyTorch"), ("SKLearn", "Estimator", "SKLearn")]
    for framework, component, right in cases:
        got = name(framework, component)
        if got == right:
            continue
        if component == "Estimator" and got == framework + "Estimator":
            raise Mistake(f"There is no {got} class: a framework's estimator is named after the "
                          f"framework alone (sagemaker.pytorch.PyTorch, sagemaker.tensorflow."
                          f"TensorFlow, sagemaker.sklearn.SKLearn).")
        raise Mistake(f"framework_class({framework!r}, {component!r}) should be {right!r}; got "
                      f"{got!r}.")


def check_artifact_uri(student):
    uri = student.function("model_artifact_uri")
    for output_path in ("s3://my-bucket/models", "s3://my-bucket/models/", "file:///tmp/out"):
        job = "ols-2026-01-02-03-04-05-678"
        right = f"{output_path.rstrip('/')}/{job}/output/model.tar.gz"
        got = uri(output_path, job)
        if got == right:
            continue
        if not isinstance(got, str):
            raise Mistake(f"model_artifact_uri should return a string; got {got!r}.")
        if "//" in got.replace("://", ""):
            raise Mistake(f"{got!r} has a double slash: strip the trailing '/' of output_path "
                          "first.")
        if "/output/" not in got:
            raise Mistake(f"{got!r} misses the 'output/' folder: artifacts go to "
                          f"<output_path>/<job_name>/output/model.tar.gz.")
        raise Mistake(f"model_artifact_uri({output_path!r}, {job!r}) should be {right!r}; got "
                      f"{got!r}.")


EXERCISES = [
    Exercise(5, 1, "components", "The workflow, component by component", "quantity",
             "Map each stage of the ML workflow to the SageMaker component that runs it: complete "
             "`workflow_components()`.",
             ("Follow the data: raw data -> cleaned data -> trained model -> served predictions.",
              "Two components predict: one behind a live endpoint, one over whole files.",
              "Processor, Estimator, Model, Predictor, Transformer, in workflow order."),
             check_components),
    Exercise(5, 2, "naming", "SageMaker + [Framework] + [Component]", "quantity",
             "SageMaker names its framework classes by a pattern (TensorFlowProcessor, "
             "TensorFlowModel, TensorFlowPredictor). Implement `framework_class(framework, "
             "component)` returning the SDK class name, including the one component that breaks "
             "the pattern.",
             ("Look at how the SDK documentation constructs a PyTorch training job.",
              "The estimator class carries no suffix.",
              "Return framework if component == 'Estimator', else framework + component."),
             check_naming),
    Exercise(5, 3, "artifact_uri", "Where the model artifact lands", "quantity",
             "A training job tars `/opt/ml/model` and uploads it. Implement "
             "`model_artifact_uri(output_path, job_name)` returning the URI `Estimator.model_data` "
             "points to.",
             ("The artifact sits in a folder named after the job.",
              "Inside the job's folder there is one more folder before model.tar.gz.",
              "f\"{output_path.rstrip('/')}/{job_name}/output/model.tar.gz\""),
             check_artifact_uri),
]
