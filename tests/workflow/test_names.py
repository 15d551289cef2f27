"""SageMaker names: SDK-style timestamps and the API's name pattern."""

import re

import pytest

from estlab.workflow import WorkflowError
from estlab.workflow._names import base_name_from_image, name_from_base, validate_name

SDK_NAME = re.compile(r"^(.+)-(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3})$")  # SDK base_from_name


def test_name_from_base_matches_the_sdk_pattern_and_is_unique():
    names = [name_from_base("numpy-training") for _ in range(5)]
    assert len(set(names)) == 5
    for name in names:
        match = SDK_NAME.match(name)
        assert match and match.group(1) == "numpy-training"
        validate_name(name)


def test_long_base_is_truncated_to_63():
    name = name_from_base("a" * 80)
    assert len(name) == 63 and name.startswith("a" * 39 + "-")
    assert len(name_from_base("abc", max_length=30)) <= 30


def test_base_name_from_image():
    assert base_name_from_image("1.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1"
                                ) == "sagemaker-scikit-learn"
    assert base_name_from_image("my-image") == "my-image"
    assert base_name_from_image("", default="transform-job") == "transform-job"


@pytest.mark.parametrize("bad, why", [
    ("", "empty"), ("my_job", "letters, digits and hyphens"), ("-job", "starting"),
    ("job-", "ending"), ("x" * 64, "64 characters")])
def test_invalid_names_are_explained(bad, why):
    with pytest.raises(WorkflowError) as err:
        validate_name(bad, "endpoint name")
    assert "endpoint name" in str(err.value) and why in str(err.value)


def test_valid_names_pass():
    for good in ["a", "A1", "a--b", "x" * 63]:
        assert validate_name(good) == good


def test_names_made_at_once_in_several_threads_are_unique():
    # Jobs started from several threads (a notebook's thread pool) must not share a name:
    # the second CreateTrainingJob would fail with "already exists".
    import sys
    import threading

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: widen any race
    try:
        names = []
        for _ in range(5):
            barrier = threading.Barrier(8)

            def work():
                barrier.wait()
                names.extend(name_from_base("job") for _ in range(50))

            threads = [threading.Thread(target=work) for _ in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(names) == 2000 and len(set(names)) == len(names)
