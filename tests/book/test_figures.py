"""The figures that explain the SageMaker contract show what the runtime really does.

Two figures are drawn from a real run, and the prose around them names what they show: the
``/opt/ml`` listing of chapter 5 (``opt_ml.py``) and the MultiRecord packing of chapter 9
(``packing.py``). These tests run each example and check the facts the text reads off them, so a
change in the local runtime that would make the text wrong fails here, with the fact that broke.
"""

from __future__ import annotations

import runpy

import pytest
from book_support import CHAPTERS

MB = 2**20


@pytest.fixture()
def run_example(tmp_path, monkeypatch):
    """Run an example in an empty folder (as test_examples does) and return its namespace."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")

    def run(relative):
        import matplotlib.pyplot as plt

        try:
            return runpy.run_path(str(CHAPTERS / relative))
        finally:
            plt.close("all")
    return run


def _paths(listing):
    """The paths of a ``tree``-style listing (``["/opt/ml/", "├── code/", ...]``), dirs with /."""
    stack, paths = [], set()                 # stack: the folders above the current line
    for line in listing[1:]:
        start = max(line.find("├── "), line.find("└── ")) + 4
        depth = start // 4 - 1
        stack[depth:] = [line[start:]]
        paths.add("".join(stack))
    return paths

def test_tree_parser_reads_nested_listing():
    listing = ["/opt/ml/", "├── a/", "│   └── b/", "│       └── c.json", "└── d"]
    assert _paths(listing) == {"a/", "a/b/", "a/b/c.json", "d"}


def test_opt_ml_listing_has_every_path_chapter_5_names(run_example):
    listings = run_example("05-sagemaker-components/examples/opt_ml.py")["listings"]
    named = {
        "processing job": ["config/processingjobconfig.json", "config/resourceconfig.json",
                           "processing/input/churn.csv", "processing/input/code/",
                           "processing/train/", "processing/validation/", "processing/test/",
                           "output/"],
        "training job": ["input/config/hyperparameters.json", "input/config/inputdataconfig.json",
                         "input/config/resourceconfig.json", "input/data/train/",
                         "input/data/validation/", "code/", "model/", "output/data/",
                         "output/success"],
        "endpoint": ["model/", "model/code/"],
    }
    for kind, expected in named.items():
        found = _paths(listings[kind])
        missing = [p for p in expected if p not in found]
        assert not missing, (
            f"chapter 5 says the {kind}'s /opt/ml holds {missing}, but the run listed "
            f"{sorted(found)}; update the text of section 5.4 (and opt_ml.py) to match")
    assert _paths(listings["endpoint"]) == {"model/", "model/code/", "model/code/train.py",
                                            "model/model.json", "model/model.npz"}, (
        "the endpoint listing should show only model/ (estlab's server files are left out)")


def test_multirecord_packing_is_greedy_within_the_payload_limit(run_example):
    ns = run_example("09-batch-transform/examples/packing.py")
    sizes, requests = [int(s) for s in ns["sizes"]], ns["requests"]
    assert [n for _, n, _ in requests["SingleRecord"]] == [1] * len(sizes)
    multi = requests["MultiRecord"]
    assert 1 < len(multi) < len(sizes), f"the example should pack several requests: {multi}"
    expected_first = 0
    for k, (first, n, size) in enumerate(multi):
        assert first == expected_first, f"requests must cover the records in order: {multi}"
        assert size == sum(sizes[first:first + n]), (
            f"request {k} carried {size} bytes, its records {sum(sizes[first:first + n])}")
        assert size <= MB, f"request {k} is {size} bytes, above MaxPayloadInMB = 1 MB"
        if k < len(multi) - 1:
            assert size + sizes[first + n] > MB, (
                f"request {k} stopped at {size} bytes although record {first + n} "
                f"({sizes[first + n]} bytes) would have fit: MultiRecord packs greedily")
        expected_first = first + n
    assert expected_first == len(sizes)
    # AssembleWith="None" glues the last line of one response to the first of the next.
    glued, lined = ns["out"]["MultiRecord, no AssembleWith"], ns["out"]["MultiRecord"]
    assert glued.count("\n") == lined.count("\n") - len(multi)
