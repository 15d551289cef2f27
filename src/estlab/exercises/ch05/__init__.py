"""Chapter 5 exercises: SageMaker's components (conceptual, but checkable)."""

from estlab._i18n import N_, translate
from estlab.exercises._exercise import Exercise, Mistake

_STAGES = {
    "preprocess": "Processor",
    "train": "Estimator",
    "package": "Model",
    "predict in real time": "Predictor",
    "predict in bulk": "Transformer",
}

_WHY = {
    "Processor": N_("a Processor runs a script as a processing job (clean, split, feature "
                    "engineering)"),
    "Estimator": N_("an Estimator runs a training job and produces model.tar.gz"),
    "Model": N_("a Model is the deployable artifact: model.tar.gz plus the inference code and "
                "image"),
    "Predictor": N_("a Predictor is the client that sends requests to a deployed endpoint"),
    "Transformer": N_("a Transformer runs batch transform: scores whole files without an "
                      "endpoint"),
}


def check_components(student):
    answer = student.function("workflow_components")()
    if not isinstance(answer, dict):
        raise Mistake("workflow_components should return a dict; got {type_name}.",
                      type_name=type(answer).__name__)
    missing = sorted(set(_STAGES) - set(answer))
    if missing:
        raise Mistake("Missing stages {missing}; keep the keys exactly as in the docstring.",
                      missing=missing)
    if answer.get("package") == "Predictor" and answer.get("predict in real time") == "Model":
        raise Mistake("Model and Predictor are swapped: {WHY_Model}; {WHY_Predictor}.",
                      WHY_Model=translate(_WHY['Model']),
                      WHY_Predictor=translate(_WHY['Predictor']))
    for stage, right in _STAGES.items():
        if answer[stage] != right:
            given = answer[stage]
            why = (translate(_WHY[given]) if given in _WHY else translate(
                "{given!r} is not one of the five component classes").format(given=given))
            raise Mistake("{stage!r}: not {given!r} ({why}). Which component does that stage?",
                          stage=stage, given=given, why=why)


_V3 = {
    "Processor": ("FrameworkProcessor", "ScriptProcessor"),
    "Estimator": ("ModelTrainer",),
    "Model": ("ModelBuilder",),
    "Predictor": ("Endpoint",),
}

_V3_WHY = {
    "Processor": N_("v3 has no framework-named processors: sagemaker.core.processing's "
                    "FrameworkProcessor (or ScriptProcessor) takes the framework's image"),
    "Estimator": N_("v3 trains with sagemaker.train.ModelTrainer, whatever the framework"),
    "Model": N_("v3 packages a model with sagemaker.serve.ModelBuilder"),
    "Predictor": N_("v3 has no Predictor class: you call the endpoint itself, "
                    "sagemaker.core.resources.Endpoint and its invoke()"),
}


def check_naming(student):
    name = student.function("framework_class")
    cases = [("TensorFlow", "Processor"), ("PyTorch", "Model"), ("SKLearn", "Predictor"),
             ("XGBoost", "Processor"), ("TensorFlow", "Estimator"), ("PyTorch", "Estimator"),
             ("SKLearn", "Estimator"), ("XGBoost", "Estimator"), ("NumPy", "Processor"),
             ("NumPy", "Model"), ("NumPy", "Estimator")]
    for framework, component in cases:
        right = (framework if component == "Estimator" and framework != "NumPy"
                 else framework + component)
        got = name(framework, component)
        if got == right:
            continue
        if component == "Estimator" and got == framework + "Estimator":
            raise Mistake("There is no {got} class: a SageMaker framework's estimator is named "
                          "after the framework alone (sagemaker.pytorch.PyTorch, "
                          "sagemaker.tensorflow.TensorFlow, sagemaker.sklearn.SKLearn; see "
                          "Section 5.5's table).",
                          got=got)
        if framework == "NumPy" and got == "NumPy":
            raise Mistake("estlab's estimator is NumPyEstimator: the exception of Section 5.5 is "
                          "SageMaker's own framework estimators (PyTorch, TensorFlow, ...); "
                          "estlab's local framework keeps the word, as its table shows.")
        raise Mistake("framework_class({framework!r}, {component!r}) should be {right!r}; got "
                      "{got!r}.",
                      framework=framework, component=component, right=right, got=got)
    for framework in ("PyTorch", "SKLearn"):
        for component, rights in _V3.items():
            got = name(framework, component, version=3)
            if got in rights:
                continue
            if got in (framework, framework + component, component):
                raise Mistake("framework_class({framework!r}, {component!r}, version=3) is "
                              "{rights_0!r}, not {got!r}: {V3_WHY} (Section 5.6). Did you ignore "
                              "`version`?",
                              framework=framework, component=component, rights_0=rights[0],
                              got=got, V3_WHY=translate(_V3_WHY[component]))
            raise Mistake("framework_class({framework!r}, {component!r}, version=3) should be "
                          "{rights_0!r}; got {got!r}. {V3_WHY}.",
                          framework=framework, component=component, rights_0=rights[0], got=got,
                          V3_WHY=translate(_V3_WHY[component]))


def check_artifact_uri(student):
    uri = student.function("model_artifact_uri")
    for output_path in ("s3://my-bucket/models", "s3://my-bucket/models/", "file:///tmp/out"):
        job = "ols-2026-01-02-03-04-05-678"
        right = f"{output_path.rstrip('/')}/{job}/output/model.tar.gz"
        got = uri(output_path, job)
        if got == right:
            continue
        if not isinstance(got, str):
            raise Mistake("model_artifact_uri should return a string; got {got!r}.",
                          got=got)
        if "//" in got.replace("://", ""):
            raise Mistake("{got!r} has a double slash: strip the trailing '/' of output_path "
                          "first.",
                          got=got)
        if "/output/" not in got:
            raise Mistake("{got!r} misses the 'output/' folder: artifacts go to "
                          "<output_path>/<job_name>/output/model.tar.gz.",
                          got=got)
        raise Mistake("model_artifact_uri({output_path!r}, {job!r}) should be {right!r}; got "
                      "{got!r}.",
                      output_path=output_path, job=job, right=right, got=got)


EXERCISES = [
    Exercise(5, 1, "components", "The workflow, component by component", "quantity",
             "Map each stage of the ML workflow to the SageMaker component that runs it: complete "
             "`workflow_components()`.",
             ("Follow the data: raw data -> cleaned data -> trained model -> served predictions.",
              "Two components predict: one behind a live endpoint, one over whole files.",
              "Processor, Estimator, Model, Predictor, Transformer, in workflow order."),
             check_components),
    Exercise(5, 2, "naming", "SageMaker + [Framework] + [Component]", "quantity",
             "Courses and blog posts show SDK v2 code; new code uses v3. To read the one and write "
             "the other you need the class names: implement `framework_class(framework, "
             "component, version)` returning the class that plays a component for a framework of "
             "Section 5.5's table (estlab's NumPy included), in SDK v2 and in SDK v3 "
             "(Section 5.6).",
             ("Read Section 5.5's table row by row: one row follows the pattern less than the "
              "others, and one column (estlab's) does not share the exception.",
              "In v2 SageMaker's framework estimators carry no suffix (sagemaker.pytorch.PyTorch) "
              "while NumPyEstimator keeps it. In v3 the framework no longer shows in the class "
              "name: read the v3 column of Section 5.6's table.",
              "v2: framework if component == 'Estimator' and framework != 'NumPy', else framework "
              "+ component. v3: FrameworkProcessor, ModelTrainer, ModelBuilder, Endpoint."),
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
