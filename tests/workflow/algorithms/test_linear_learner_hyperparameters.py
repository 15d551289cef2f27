"""Linear Learner's hyperparameter validation: the documented values pass, wrong ones fail with
the first-party algorithms' wording, and ignored ones are noted (and only those)."""

import pytest

from estlab.workflow.local.algorithms.linear_learner_hyperparameters import (
    HYPERPARAMETERS, HyperparameterError, parse)


def test_defaults_are_the_documented_ones():
    values, notes = parse({"predictor_type": "regressor"})
    assert (values["epochs"], values["mini_batch_size"], values["use_bias"]) == (15, 1000, True)
    assert (values["optimizer"], values["feature_dim"], values["normalize_data"]) == \
        ("auto", "auto", True)
    assert values["wd"] == values["l1"] == 0.0  # auto: no penalty here, with a note each
    assert [n.split("=")[0] for n in notes] == ["wd", "l1"]


def test_the_counterparts_hyperparameters_validate():
    from estlab.linear_model import LinearRegression, LogisticRegression, SoftmaxRegression
    from estlab.workflow import counterpart

    for est, extra in [(LinearRegression(alpha=0.1), {}), (LogisticRegression(), {}),
                       (SoftmaxRegression(solver="sgd", max_iter=50), {"n_classes": 4})]:
        values, notes = parse(counterpart(est, **extra).hyperparameters)
        assert values["wd"] == est.alpha
        assert not [n for n in notes if "ignored" in n and not n.startswith(
            ("epochs", "mini_batch_size", "learning_rate", "momentum"))]


@pytest.mark.parametrize("raw, message", [
    ({"predictor_type": "regression"}, "The value 'regression' is not valid for the "
     "'predictor_type' hyperparameter which accepts one of the following: 'binary_classifier', "
     "'multiclass_classifier', 'regressor'"),
    ({"predictor_type": "regressor", "epochs": "0"}, "The value '0' is not valid for the "
     "'epochs' hyperparameter which expects one of the following: an integer greater than 0"),
    ({"predictor_type": "regressor", "wd": "-1"}, "a string which matches the pattern "
     "'^auto$'; or a float greater than or equal to 0"),
    ({"predictor_type": "multiclass_classifier", "num_classes": "2"}, "The value '2' is not "
     "valid for the 'num_classes' hyperparameter"),
    ({"predictor_type": "regressor", "use_bias": "yes"}, "'use_bias' hyperparameter which "
     "accepts one of the following: 'true', 'false'"),
    ({"predictor_type": "regressor", "foo": "1", "bar": "2"},
     "Additional hyperparameters are not allowed ('bar', 'foo' were unexpected)"),
])
def test_bad_values_fail_as_the_algorithm_words_it(raw, message):
    with pytest.raises(HyperparameterError) as info:
        parse(raw)
    reason = str(info.value)
    assert reason.startswith("ClientError: ") and reason.endswith(" (caused by ValidationError)")
    assert message in reason


@pytest.mark.parametrize("raw, name", [
    ({"predictor_type": "regressor", "loss": "absolute_loss"}, "loss"),
    ({"predictor_type": "binary_classifier", "positive_example_weight_mult": "balanced"},
     "positive_example_weight_mult"),
    ({"predictor_type": "multiclass_classifier", "num_classes": "3",
      "balance_multiclass_weights": "true"}, "balance_multiclass_weights"),
])
def test_what_estlab_cannot_fit_fails_naming_it(raw, name):
    with pytest.raises(HyperparameterError, match=f"^ClientError: {name}=.* is not supported "
                                                  "by estlab's local Linear Learner"):
        parse(raw)


def test_the_matching_likelihood_loss_and_platform_keys_pass():
    values, notes = parse({"predictor_type": "binary_classifier", "loss": "logistic",
                           "sagemaker_program": '"x.py"', "_tuning_objective_metric": "x",
                           "wd": "0", "l1": "0"})
    assert values["loss"] == "logistic" and notes == []  # nothing to note (control)


def test_sgd_honours_the_epochs_the_exact_fit_ignores():
    _, exact = parse({"predictor_type": "regressor", "epochs": "3", "wd": "0", "l1": "0"})
    _, sgd = parse({"predictor_type": "regressor", "epochs": "3", "optimizer": "sgd",
                    "wd": "0", "l1": "0"})
    assert exact and exact[0].startswith("epochs=3 is accepted and ignored")
    assert sgd == []


def test_every_hyperparameter_has_a_treatment():
    assert {spec[2] for spec in HYPERPARAMETERS.values()} == {"honoured", "ignored",
                                                              "unsupported"}
    assert all(spec[3] for spec in HYPERPARAMETERS.values() if spec[2] != "honoured")
