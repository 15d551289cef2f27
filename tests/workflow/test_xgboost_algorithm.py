"""The XGBoost algorithm's pieces against their references: the container's validator rules,
its custom metrics (scikit-learn there, NumPy here), and its CSV/LIBSVM readers."""

import numpy as np
import pytest

from estlab.workflow.local.algorithms import sagemaker_xgboost as algo
from estlab.workflow.local.algorithms import xgboost_data as data
from estlab.workflow.local.algorithms.xgboost_hyperparameters import UserError, validate
from estlab.workflow.local.algorithms.xgboost_metrics import CUSTOM_METRICS


@pytest.mark.parametrize("hps, message", [
    ({"num_round": "0"}, "Hyperparameter num_round: 0 is not in [1, +inf)"),
    ({"num_round": "ten"}, "Hyperparameter num_round: could not parse value"),
    ({"num_round": "5", "subsample": "0"}, "Hyperparameter subsample: 0.0 is not in (0, 1]"),
    ({"num_round": "5", "booster": "gbforest"},
     "Hyperparameter booster: gbforest is not in ['gbtree', 'gblinear', 'dart']"),
    ({"num_round": "5", "objective": "reg:squarederror", "eval_metric": "auc"},
     "Metric 'auc' can only be applied for classification and ranking problems."),
    ({"num_round": "5", "objective": "reg:squarederror", "eval_metric": "rmse,bogus"},
     "Hyperparameter eval_metric: value ['rmse', 'bogus'] not in range"),
    ({"num_round": "5", "booster": "gblinear", "updater": "grow_colmaker"},
     "Linear updater should be one of these options"),
    ({"num_round": "5", "monotone_constraints": "(1, -1)"},
     "monotone_constraints can be used only when the tree_method parameter is set to either "
     "'exact' or 'hist'."),
    ({"num_round": "5", "objective": "reg:squarederror", "eval_metric": "rmse@0.5"},
     "Metric 'rmse@0.5' is not supported."),
])
def test_the_validator_refuses_with_the_containers_messages(hps, message):
    with pytest.raises(UserError) as caught:
        validate(hps)
    assert message in str(caught.value)


def test_the_validator_accepts_and_parses_what_the_container_accepts():
    """Controls: the same names with valid values pass, parsed to their types."""
    parsed = validate({"num_round": "5", "subsample": "1", "booster": "gblinear",
                       "updater": "coord_descent", "reg_lambda": "0.5",
                       "objective": "binary:logistic", "eval_metric": "auc,error@0.3",
                       "monotone_constraints": "(1, -1)", "tree_method": "hist",
                       "seed": "7", "_tuning_objective_metric": "validation:auc"})
    assert parsed == {"num_round": 5, "subsample": 1.0, "booster": "gblinear",
                      "updater": ["coord_descent"], "lambda": 0.5,
                      "objective": "binary:logistic", "eval_metric": ["auc", "error@0.3"],
                      "monotone_constraints": (1, -1), "tree_method": "hist", "seed": 7,
                      "_tuning_objective_metric": "validation:auc"}


class _Labels:
    def __init__(self, y):
        self.y = np.asarray(y, dtype=float)

    def get_label(self):
        return self.y


@pytest.mark.parametrize("name, sk", [
    ("accuracy", "accuracy_score"), ("balanced_accuracy", "balanced_accuracy_score"),
    ("f1", ("f1_score", "macro")), ("f1_macro", ("f1_score", "macro")),
    ("precision_macro", ("precision_score", "macro")),
    ("precision_micro", ("precision_score", "micro")),
    ("recall_macro", ("recall_score", "macro")), ("recall_micro", ("recall_score", "micro")),
])
def test_multiclass_custom_metrics_equal_scikit_learns(name, sk):
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(1)
    y = rng.integers(0, 3, size=60)
    margins = rng.normal(size=(60, 3)) + np.eye(3)[y] * 0.8
    fn, average = (sk, None) if isinstance(sk, str) else sk
    kwargs = {"average": average} if average else {}
    want = getattr(metrics, fn)(y, margins.argmax(axis=1), **kwargs)
    assert CUSTOM_METRICS[name](margins, _Labels(y)) == (name, pytest.approx(want))


@pytest.mark.parametrize("name, fn", [("precision", "precision_score"),
                                      ("recall", "recall_score"), ("f1_binary", "f1_score")])
def test_binary_custom_metrics_equal_scikit_learns(name, fn):
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, size=80)
    margins = rng.normal(size=80) + (2 * y - 1) * 0.7
    want = getattr(metrics, fn)(y, (margins > 0).astype(int))
    assert CUSTOM_METRICS[name](margins, _Labels(y)) == (name, pytest.approx(want))
    with pytest.raises(UserError, match="Target is multiclass but average='binary'"):
        CUSTOM_METRICS[name](np.c_[margins, -margins, margins], _Labels(y % 3 + y))


def test_regression_custom_metrics_equal_scikit_learns():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(3)
    y, p = rng.normal(size=50), rng.normal(size=50)
    for name, want in (("mse", metrics.mean_squared_error(y, p)),
                       ("rmse", np.sqrt(metrics.mean_squared_error(y, p))),
                       ("mae", metrics.mean_absolute_error(y, p)),
                       ("r2", metrics.r2_score(y, p))):
        assert CUSTOM_METRICS[name](p, _Labels(y)) == (name, pytest.approx(want))


def test_content_types_and_the_libsvm_first_line_check(tmp_path):
    assert data.content_type_of("text/csv; label_size=1") == "csv"
    with pytest.raises(UserError, match="Optional parameter label_size must be equal to 1"):
        data.content_type_of("text/csv; label_size=2")
    with pytest.raises(UserError, match="image/png is not an accepted ContentType: csv, "):
        data.content_type_of("image/png")
    good, bad = tmp_path / "good.libsvm", tmp_path / "bad.txt"
    good.write_text("1 0:1.5 2:3\n0:0.5 1:2 3:1\n")  # a label:weight pair is LIBSVM too
    bad.write_text("1.5 2.0 3.0\n")
    data.check_format([good], "libsvm")
    with pytest.raises(UserError, match="First line '1.5 2.0 3.0\n...' of file 'bad.txt' is "
                                        "not 'LIBSVM' format"):
        data.check_format([bad], "libsvm")
    X, y, w = data._read_libsvm([good])
    np.testing.assert_array_equal(y, [1.0, 0.0])
    np.testing.assert_array_equal(w, [1.0, 0.5])
    np.testing.assert_array_equal(X, [[1.5, np.nan, 3.0, np.nan], [np.nan, 2.0, np.nan, 1.0]])


def test_csv_reader_keeps_weights_and_missing_cells(tmp_path):
    (tmp_path / "a.csv").write_text("1,0.5,2,\n0,2.0,,4\n")
    X, y, w = data._read_csv([tmp_path / "a.csv"], csv_weights=1)
    np.testing.assert_array_equal(y, [1, 0])
    np.testing.assert_array_equal(w, [0.5, 2.0])
    np.testing.assert_array_equal(X, [[2, np.nan], [np.nan, 4]])
    (tmp_path / "b.csv").write_text("y,x1\n1,2\n")
    with pytest.raises(UserError, match="Failed to load csv data with exception"):
        data._read_csv([tmp_path / "b.csv"], csv_weights=0)


def test_parquet_channels_read_the_label_from_the_first_column(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    pytest.importorskip("xgboost")
    table = pa.table({"y": [1.0, 0.0, 1.0], "a": [0.5, 1.5, 2.5], "b": [3, 4, 5]})
    pq.write_table(table, tmp_path / "part-0.parquet")
    dmatrix = data.load_dmatrix(tmp_path, "parquet")
    np.testing.assert_array_equal(dmatrix.get_label(), [1.0, 0.0, 1.0])
    assert (dmatrix.num_row(), dmatrix.num_col()) == (3, 2)


def test_served_answers_follow_the_containers_encodings():
    probabilities = np.array([[0.1, 0.7, 0.2], [0.5, 0.25, 0.25]], dtype=np.float32)
    as_float = probabilities.tolist()
    assert algo.encode(probabilities, "text/csv") == \
        "".join(",".join(map(str, row)) + "\n" for row in as_float)
    assert algo.encode(probabilities, "text/csv", batch=True) == \
        f"{as_float[0]}\n{as_float[1]}\n"  # str() of each row, whatever the Accept
    assert algo.encode(np.array([0.5]), "application/json") == \
        '{"predictions": [{"score": 0.5}]}'
    assert algo._mimetype("text/csv") == "text/csv; charset=utf-8"
    assert algo._mimetype("application/json") == "application/json"
