"""counterpart(): the SageMaker built-in algorithm and the script-mode route of each estimator.

Every built-in counterpart's training request is built offline with the SDK v3 under moto
(``ModelTrainer`` with the algorithm image from ``image_uris.retrieve``) and captured.
"""

import re
from types import SimpleNamespace

import numpy as np
import pytest

from estlab import distributions, linear_model
from estlab.workflow import WorkflowError, counterpart
from estlab.workflow.counterparts import Counterpart

# The SDK's own import-time DeprecationWarning (sagemaker.train.model_trainer imports its
# sagemaker.train.configs shim); nothing estlab can change.
pytestmark = pytest.mark.filterwarnings(
    "ignore:sagemaker.train.configs has been moved:DeprecationWarning")

ROLE = "arn:aws:iam::123456789012:role/EstlabTestRole"
BUCKET = "estlab-test-bucket"
DISTRIBUTIONS = ["Bernoulli", "Binomial", "Categorical", "Poisson", "Geometric", "Exponential",
                 "Normal", "LogNormal", "Uniform", "Gamma", "Beta", "Weibull"]
LINEAR = ["LinearRegression", "LogisticRegression", "SoftmaxRegression", "PoissonRegression"]


def make(name):
    if name in DISTRIBUTIONS:
        cls = getattr(distributions, name)
        return cls(n_trials=10) if name == "Binomial" else cls()
    return getattr(linear_model, name)()


@pytest.fixture
def aws(monkeypatch, tmp_path):
    """moto in-process, the offline environment (set with monkeypatch), a bucket, a capture."""
    boto3 = pytest.importorskip("boto3")
    moto = pytest.importorskip("moto")
    from estlab.workflow.rehearsal import (_UNSET, OFFLINE_ENVIRONMENT, TELEMETRY_OPT_OUT_YAML,
                                           capture_requests)

    for key in _UNSET:
        monkeypatch.delenv(key, raising=False)
    for key, value in OFFLINE_ENVIRONMENT.items():
        monkeypatch.setenv(key, value)
    config = tmp_path / "sagemaker-config.yaml"
    config.write_text(TELEMETRY_OPT_OUT_YAML)
    monkeypatch.setenv("SAGEMAKER_USER_CONFIG_OVERRIDE", str(config))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    with moto.mock_aws():
        from sagemaker.core.helper.session_helper import Session

        boto_session = boto3.Session(region_name="us-east-1")
        boto_session.client("s3").create_bucket(Bucket=BUCKET)
        requests = []
        capture_requests(boto_session, requests)
        yield SimpleNamespace(requests=requests,
                              session=Session(boto_session=boto_session, default_bucket=BUCKET))


@pytest.mark.parametrize("name", LINEAR)
def test_each_builtin_counterpart_builds_a_training_request(aws, name):
    from sagemaker.core.training.configs import Compute, InputData, OutputDataConfig
    from sagemaker.train import ModelTrainer

    c = counterpart(make(name), n_classes=3)
    image = c.image_uri("us-east-1")
    trainer = ModelTrainer(
        sagemaker_session=aws.session, role=ROLE, training_image=image,
        base_job_name=f"estlab-{c.algorithm}", hyperparameters=dict(c.hyperparameters),
        compute=Compute(instance_type="ml.m5.large", instance_count=1),
        input_data_config=[InputData(channel_name="train",
                                     data_source=f"s3://{BUCKET}/train/",
                                     content_type=c.content_type)],
        output_data_config=OutputDataConfig(s3_output_path=f"s3://{BUCKET}/models"))
    trainer.train(wait=False, logs=False)
    [request] = [p for op, p in aws.requests if op == "CreateTrainingJob"]

    assert re.match(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$", request["TrainingJobName"])
    algo = request["AlgorithmSpecification"]
    assert algo["TrainingImage"] == image
    assert "ContainerEntrypoint" not in algo  # a built-in runs its own container, no script
    repository = {"linear-learner": "linear-learner", "xgboost": "sagemaker-xgboost"}[c.algorithm]
    assert f"/{repository}:" in image
    assert request["HyperParameters"] == dict(c.hyperparameters)
    assert [ch["ChannelName"] for ch in request["InputDataConfig"]] == ["train"]
    assert request["InputDataConfig"][0]["ContentType"] == "text/csv"


def test_linear_learner_hyperparameters_match_estlabs():
    c = counterpart(linear_model.LinearRegression(alpha=0.25, fit_intercept=False))
    hps = dict(c.hyperparameters)
    assert (hps["predictor_type"], hps["loss"], hps["use_bias"], hps["wd"]) == \
        ("regressor", "squared_loss", "false", "0.25")
    assert hps["normalize_data"] == "false"  # a penalty on standardised X is another penalty
    assert c.script_hyperparameters == {"estimator": "LinearRegression", "alpha": 0.25,
                                        "fit_intercept": False}

    sgd = counterpart(linear_model.LogisticRegression(solver="sgd", max_iter=30, batch_size=64,
                                                      learning_rate=0.05))
    hps = dict(sgd.hyperparameters)
    assert (hps["predictor_type"], hps["loss"], hps["optimizer"], hps["epochs"],
            hps["mini_batch_size"], hps["learning_rate"]) == \
        ("binary_classifier", "logistic", "sgd", "30", "64", "0.05")
    assert "normalize_data" not in hps  # unpenalised: the MLE does not depend on feature scale


def test_softmax_needs_the_number_of_classes_which_a_fitted_model_knows():
    with pytest.raises(WorkflowError, match="needs num_classes"):
        counterpart(linear_model.SoftmaxRegression())
    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 2))
    y = np.repeat([0, 1, 2], 30)
    X[y == 1] += 2.0
    X[y == 2] -= 2.0
    fitted = linear_model.SoftmaxRegression().fit(X, y)
    hps = counterpart(fitted).hyperparameters
    assert hps["num_classes"] == "3" and hps["feature_dim"] == "2"


def test_poisson_regression_maps_to_xgboost_linear_booster_with_count_poisson():
    c = counterpart(linear_model.PoissonRegression(alpha=0.01))
    assert (c.algorithm, c.image_version) == ("xgboost", "1.7-1")
    assert dict(c.hyperparameters)["objective"] == "count:poisson"
    assert dict(c.hyperparameters)["booster"] == "gblinear"
    assert dict(c.hyperparameters)["lambda"] == "0.01"  # = alpha: both on the mean loss
    assert (c.hyperparameters["eta"], c.hyperparameters["max_delta_step"]) == ("1.0", "0.0")
    assert c.hyperparameters["updater"] == "coord_descent"  # shotgun is not reproducible
    assert "NOT reproduced" in counterpart(
        linear_model.PoissonRegression(fit_intercept=False)).notes


@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_distributions_have_no_builtin_and_say_so(name):
    c = counterpart(make(name))
    assert isinstance(c, Counterpart) and c.algorithm is None and not c.hyperparameters
    assert f"no SageMaker built-in algorithm fits a {name}" in c.notes
    assert c.script_hyperparameters["estimator"] == name
    assert c.entry_point.endswith("scripts/fit_distribution.py")
    assert str(c).splitlines()[:2] == [f"{name} on SageMaker", "  built-in: none"]
    with pytest.raises(WorkflowError, match="no built-in SageMaker algorithm"):
        c.image_uri("us-east-1")


def test_classes_work_like_instances_and_unknown_estimators_are_refused():
    LinearRegression = linear_model.LinearRegression
    assert counterpart(LinearRegression) == counterpart(LinearRegression())
    with pytest.raises(WorkflowError, match="no SageMaker counterpart is known for dict"):
        counterpart({})
    record = counterpart(linear_model.LinearRegression())
    with pytest.raises(AttributeError):
        record.algorithm = "xgboost"
    with pytest.raises(TypeError):
        record.hyperparameters["wd"] = "1"


def test_the_distribution_route_runs_as_a_local_training_job_and_matches_scipy(tmp_path):
    """The script-mode counterpart really fits: a LocalSession job vs scipy.stats.gamma.fit."""
    import tarfile

    from scipy import stats

    import estlab
    from estlab.workflow import LocalSession, NumPyEstimator

    x = np.random.default_rng(3).gamma(2.5, 1.5, size=400)
    (tmp_path / "train").mkdir()
    np.savetxt(tmp_path / "train" / "sample.csv", x[:, None], delimiter=",", fmt="%.17g")
    c = counterpart(distributions.Gamma(tol=1e-12))
    est = NumPyEstimator(entry_point=c.entry_point, hyperparameters=dict(c.script_hyperparameters),
                         metric_definitions=[{"Name": "train:loglik",
                                              "Regex": r"train:loglik=([-+0-9.eE]+);"}],
                         session=LocalSession(root=tmp_path / "jobs"))
    est.fit({"train": str(tmp_path / "train")}, logs=False)

    with tarfile.open(est.model_data.removeprefix("file://")) as tar:
        tar.extractall(tmp_path / "model", filter="data")
    fitted = estlab.load(tmp_path / "model" / "model")
    shape, _, scale = stats.gamma.fit(x, floc=0)
    np.testing.assert_allclose([fitted.shape_, fitted.scale_], [shape, scale], rtol=1e-6)
    [metric] = est.latest_training_job.describe()["FinalMetricDataList"]
    assert metric["MetricName"] == "train:loglik"
    np.testing.assert_allclose(metric["Value"], stats.gamma.logpdf(x, shape, scale=scale).sum(),
                               rtol=1e-8)


# --- the XGBoost counterpart against estlab's fit, with the real xgboost package -------------

def poisson_data(shift=0.0):
    """Counts on four centred columns, two of them correlated (0.8); ``shift`` uncentres them."""
    rng = np.random.default_rng(0)
    z = rng.normal(size=(500, 1))
    X = np.column_stack([z + 0.5 * rng.normal(size=(500, 1)), z + 0.5 * rng.normal(size=(500, 1)),
                         rng.normal(size=(500, 2))])
    X = np.round(X - X.mean(axis=0), 4)  # as written to a CSV
    y = rng.poisson(np.exp(1.0 + X @ [0.3, 0.2, -0.25, 0.1]))
    return X + shift, y


def xgboost_fit(X, y, hyperparameters, **change):
    """``xgb.train`` as the built-in image runs it (the strings the API carries, num_round):
    the booster and its predicted means as a function of X."""
    xgb = pytest.importorskip("xgboost")
    params = {**dict(hyperparameters), **{k: str(v) for k, v in change.items()}}
    num_round = int(params.pop("num_round"))
    params["nthread"] = "1"  # the result does not depend on it; a shared machine's speed does
    booster = xgb.train(params, xgb.DMatrix(X, label=y), num_round)
    return booster, lambda X_new: booster.predict(xgb.DMatrix(X_new))


def max_relative(a, b):
    return float(np.max(np.abs(a / b - 1)))


@pytest.mark.parametrize("alpha", [0.0, 0.05, 0.2])
def test_the_xgboost_counterpart_reaches_estlabs_poisson_fit(alpha):
    """On centred columns, num_round=200 gives estlab's fitted means to 1e-4 (the docstring)."""
    import json

    X, y = poisson_data()
    glm = linear_model.PoissonRegression(alpha=alpha).fit(X, y)
    c = counterpart(linear_model.PoissonRegression(alpha=alpha))
    booster, predict = xgboost_fit(X, y, c.hyperparameters)
    assert max_relative(predict(X), glm.predict(X)) < 1e-4
    X_new = np.array([[0.0, 0.0, 0.0, 0.0], [1.0, -1.0, 0.5, 2.0], [-2.0, -1.5, 1.0, 0.0]])
    assert max_relative(predict(X_new), glm.predict(X_new)) < 1e-4
    # gblinear's weights: n_features coefficients, then the bias (not compared: XGBoost adds
    # log(base_score) to it, which varies between versions)
    model = json.loads(booster.save_raw("json"))["learner"]["gradient_booster"]["model"]
    np.testing.assert_allclose(np.array(model["weights"][:4], dtype=float), glm.coef_,
                               atol=1e-4)


WRONG_LAMBDAS = {"alpha * n": lambda alpha, n: alpha * n, "2 * alpha": lambda alpha, n: 2 * alpha,
                 "alpha / 2": lambda alpha, n: alpha / 2}


@pytest.mark.parametrize("wrong", WRONG_LAMBDAS)
def test_a_wrong_lambda_mapping_misses_the_fit(wrong):
    """Control: lambda = alpha is the mapping; scaled by n or by 2 it is another penalty."""
    X, y = poisson_data()
    alpha, n = 0.2, len(y)
    glm = linear_model.PoissonRegression(alpha=alpha).fit(X, y)
    c = counterpart(linear_model.PoissonRegression(alpha=alpha))
    _, predict = xgboost_fit(X, y, c.hyperparameters,
                             **{"lambda": WRONG_LAMBDAS[wrong](alpha, n)})
    assert max_relative(predict(X), glm.predict(X)) > 1e-2


def test_xgboosts_default_steps_do_not_converge_on_uncentred_columns():
    """Control: eta=0.5, max_delta_step=0.7 (XGBoost's defaults) take a quarter Newton step;
    on columns with mean 3, 200 rounds end far from the optimum; exact steps end near it."""
    X, y = poisson_data(shift=3.0)
    reference = linear_model.PoissonRegression().fit(X, y).predict(X)
    hps = dict(counterpart(linear_model.PoissonRegression()).hyperparameters)
    _, exact = xgboost_fit(X, y, hps)
    defaults = {k: v for k, v in hps.items() if k not in ("eta", "max_delta_step")}
    _, slow = xgboost_fit(X, y, defaults)
    assert max_relative(slow(X), reference) > 1e-2
    assert max_relative(exact(X), reference) < 1e-3  # still short of 1e-4: centre the columns
