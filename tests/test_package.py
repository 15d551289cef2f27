"""The public surface: every advertised name resolves, and importing estlab stays light."""

import subprocess
import sys

import pytest

import estlab


@pytest.mark.parametrize("name", estlab.__all__)
def test_every_public_name_resolves(name):
    assert getattr(estlab, name) is not None


def test_unknown_attribute_is_a_clear_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        estlab.nope  # noqa: B018


def test_workflow_public_names_resolve():
    import estlab.workflow as wf

    missing = [name for name in wf.__all__ if not hasattr(wf, name)]
    assert missing == []


@pytest.mark.parametrize(
    "statement",
    [
        "import estlab",
        "import estlab.distributions, estlab.linear_model, estlab.optim, estlab.likelihoods",
        "import estlab.workflow",
    ],
)
def test_import_does_not_pull_heavy_or_optional_dependencies(statement):
    """The core imports only NumPy/SciPy; plotting, AWS and serving load on first use.

    This is what lets estlab's source run inside SageMaker's scikit-learn image, which has
    NumPy and SciPy but none of the optional extras.
    """
    heavy = ["matplotlib", "boto3", "botocore", "sagemaker", "uvicorn", "starlette", "moto",
             "sklearn", "statsmodels"]
    code = f"{statement}; import sys; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
