"""The API's limits, checked before a job starts, with the service's wording; the table of
limits equals botocore's service model."""

import botocore.session
import pytest

from estlab.workflow import Estimator, ScriptProcessor, WorkflowError
from estlab.workflow._limits import LIMITS


def test_the_limits_table_is_botocores():
    model = botocore.session.get_session().get_service_model("sagemaker")
    for operation, members in LIMITS.items():
        shape = model.operation_model(operation).input_shape
        for member, limit in members.items():
            m = shape.members[member]
            assert (m.metadata["max"], m.key.metadata["max"], m.value.metadata["max"]) == \
                (limit.max_entries, limit.key_max, limit.value_max), (operation, member)
            pattern = m.key.metadata.get("pattern")
            assert limit.key_pattern == (None if pattern == ".*" else pattern), (operation, member)


@pytest.mark.parametrize("hyperparameters, message", [
    ({f"h{i}": i for i in range(100)}, r"at 'hyperParameters' .*less than or equal to 100"),
    ({"k" * 257: 1}, r"at 'hyperParameters.key' .*less than or equal to 256"),
    ({"text": "x" * 2501}, r"at 'hyperParameters.'text'.value' .*less than or equal to 2500"),
])
def test_hyperparameters_above_the_api_limits_are_refused_up_front(
        local_session, write_script, hyperparameters, message):
    script = write_script("train.py", "print('never runs')\n")
    with pytest.raises(WorkflowError, match="ValidationException: 1 validation error detected: "
                       "Value .*" + message):
        Estimator(script, hyperparameters=hyperparameters, session=local_session).fit(logs=False)
    assert not (local_session.root / "training-jobs").exists() or \
        not any((local_session.root / "training-jobs").iterdir())


def test_95_hyperparameters_pass_with_the_five_the_toolkit_adds(local_session, write_script):
    # control: the SDK's own sagemaker_* entries count too (95 + 5 = 100 is the limit)
    script = write_script("train.py", "print('ran')\n")
    Estimator(script, hyperparameters={f"h{i}": i for i in range(95)},
              session=local_session).fit(logs=False)


def test_environment_names_must_be_identifiers(local_session, write_script):
    script = write_script("prep.py", "print('never runs')\n")
    with pytest.raises(WorkflowError, match=r"'1ST' at 'environment.key'.*pattern"):
        ScriptProcessor(session=local_session, env={"1ST": "x"}).run(script, logs=False)
    with pytest.raises(WorkflowError, match=r"at 'environment.key'"):
        Estimator(script, environment={"MY-VAR": "x"}, session=local_session).fit(logs=False)


@pytest.mark.parametrize("channel", ["code", "sm_drivers"])
def test_channels_named_like_model_trainers_own_are_refused(local_session, write_script,
                                                            tmp_path, channel):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_text("1\n")
    script = write_script("train.py", "print('never runs')\n")
    with pytest.raises(WorkflowError, match="not code or sm_drivers"):
        Estimator(script, session=local_session).fit({channel: data.as_uri()}, logs=False)
