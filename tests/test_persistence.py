"""estlab.save / estlab.load: JSON + .npz round trips, and everything load refuses."""

import json
import math

import numpy as np
import pytest

import estlab
from estlab import EstlabError, NotFittedError
from estlab.distributions import Binomial, Gamma, Normal


@pytest.fixture
def fitted():
    est = Normal().fit([1.0, 2.0, 4.0, 8.0])
    est.extra_ = {
        "array": np.arange(6, dtype=np.int32).reshape(2, 3),
        "strings": np.array(["a", "bc"]),
        "inf": math.inf, "nan": math.nan, "complex": 1 + 2j,
        "tuple": (1, "two", 3.0), "nested": [[1, 2], {"k": None}],
        "np_bool": np.bool_(True), "np_int": np.int64(7), "np_float": np.float32(0.5),
        1: "int key", ("a", 2): "tuple key",
    }
    return est


def test_round_trip_preserves_every_attribute(fitted, tmp_path):
    path = estlab.save(fitted, tmp_path / "sub" / "model")
    assert path == tmp_path / "sub" / "model.npz"
    assert (tmp_path / "sub" / "model.json").exists()
    again = estlab.load(tmp_path / "sub" / "model")
    assert type(again) is Normal
    for name in ("mu_", "sigma_", "params_", "stderr_", "loglik_", "aic_", "bic_", "n_"):
        assert getattr(again, name) == getattr(fitted, name)
    np.testing.assert_array_equal(again.cov_, fitted.cov_)
    e, f = again.extra_, fitted.extra_
    np.testing.assert_array_equal(e["array"], f["array"])
    assert e["array"].dtype == np.int32
    np.testing.assert_array_equal(e["strings"], f["strings"])
    assert e["inf"] == math.inf and math.isnan(e["nan"]) and e["complex"] == 1 + 2j
    assert e["tuple"] == (1, "two", 3.0) and e["nested"] == [[1, 2], {"k": None}]
    assert e["np_bool"] is True and e["np_int"] == 7 and e["np_float"] == 0.5
    assert e[1] == "int key" and e[("a", 2)] == "tuple key"
    np.testing.assert_array_equal(again.logpdf([0.0, 3.0]), fitted.logpdf([0.0, 3.0]))


def test_hyperparameters_and_newton_history_round_trip(tmp_path):
    g = Gamma(tol=1e-8, max_iter=40).fit([1.0, 2.0, 3.5, 0.7])
    estlab.save(g, tmp_path / "g.npz")  # suffix optional and replaced
    again = estlab.load(tmp_path / "g.json")
    assert again.get_params() == {"max_iter": 40, "tol": 1e-8}
    np.testing.assert_array_equal(again.history_["params"], g.history_["params"])
    assert again.converged_ is True
    b = estlab.load(estlab.save(Binomial(n_trials=9).fit([1, 2]), tmp_path / "b"))
    assert b.n_trials == 9 and b.conf_int() == Binomial(n_trials=9).fit([1, 2]).conf_int()


def test_files_are_data_only(fitted, tmp_path):
    estlab.save(fitted, tmp_path / "m")
    meta = json.loads((tmp_path / "m.json").read_text())
    assert meta["format"] == "estlab-estimator" and meta["class"] == (
        "estlab.distributions._normal:Normal")
    with np.load(tmp_path / "m.npz", allow_pickle=False) as npz:
        assert all(npz[k].dtype != object for k in npz.files)


def test_save_refuses(tmp_path):
    with pytest.raises(TypeError, match="estlab.save expects an estlab estimator; got dict"):
        estlab.save({"a": 1}, tmp_path / "x")
    with pytest.raises(NotFittedError):
        estlab.save(Normal(), tmp_path / "x")
    est = Normal().fit([1.0, 2.0])
    est.bad_ = np.array([object()], dtype=object)
    with pytest.raises(TypeError, match="object array, which cannot be saved without pickle"):
        estlab.save(est, tmp_path / "x")
    est.bad_ = {1, 2}
    with pytest.raises(TypeError, match="fitted attribute 'bad_' has type set"):
        estlab.save(est, tmp_path / "x")


def _write(tmp_path, meta):
    (tmp_path / "m.json").write_text(json.dumps(meta))
    np.savez(tmp_path / "m.npz")
    return tmp_path / "m"


def test_load_refuses(tmp_path):
    with pytest.raises(EstlabError, match=r"No saved estimator at .*nothing\.json"):
        estlab.load(tmp_path / "nothing")
    estlab.save(Normal().fit([1.0, 2.0]), tmp_path / "half")
    (tmp_path / "half.npz").unlink()
    with pytest.raises(EstlabError, match=r"No saved estimator at .*half\.npz: .*both files"):
        estlab.load(tmp_path / "half")
    (tmp_path / "m.json").write_text("{not json")
    np.savez(tmp_path / "m.npz")
    with pytest.raises(EstlabError, match="is not valid JSON"):
        estlab.load(tmp_path / "m")
    with pytest.raises(EstlabError, match="was not written by estlab.save"):
        estlab.load(_write(tmp_path, {"format": "other"}))
    with pytest.raises(EstlabError, match="newer than this estlab understands"):
        estlab.load(_write(tmp_path, {"format": "estlab-estimator", "format_version": 99}))
    base = {"format": "estlab-estimator", "format_version": 1, "hyperparameters": {},
            "fitted": {}}
    for spec, message in [
        ("os:system", r"Refusing to load class 'os:system'"),
        ("estlabx.evil:Thing", "Refusing to load"),
        ("estlab", "Refusing to load"),
        ("estlab.distributions:NoSuch", "does not exist in this version of estlab"),
        ("estlab._errors:EstlabError", "is not an estlab estimator class"),
        ("estlab._persistence:save", "is not an estlab estimator class"),
    ]:
        with pytest.raises(EstlabError, match=message):
            estlab.load(_write(tmp_path, {**base, "class": spec}))
