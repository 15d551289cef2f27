"""instance_count > 1: one process per host, FullyReplicated / ShardedByS3Key, merged artifacts."""

import json
import tarfile

from estlab.workflow import (Estimator, ProcessingInput, ProcessingOutput, ScriptProcessor,
                             TrainingInput)
from estlab.workflow.local.archive import safe_extract
from estlab.workflow._uris import local_path

HOST_SCRIPT = """
    import json, os
    host = os.environ["SM_CURRENT_HOST"]
    files = {ch: sorted(os.listdir(os.environ["SM_CHANNEL_" + ch.upper()]))
             for ch in json.loads(os.environ["SM_CHANNELS"])}
    config = json.load(open(os.path.join(os.environ["SM_INPUT_CONFIG_DIR"], "resourceconfig.json")))
    with open(os.path.join(os.environ["SM_MODEL_DIR"], host + ".json"), "w") as f:
        json.dump({"files": files, "config": config,
                   "hosts": json.loads(os.environ["SM_HOSTS"])}, f)
    with open(os.path.join(os.environ["SM_MODEL_DIR"], "shared.txt"), "w") as f:
        f.write(host)
    print("hello from", host)
"""


def test_three_hosts_four_files_sharded_and_replicated(local_session, write_script, tmp_path,
                                                       capsys):
    data = tmp_path / "data"
    data.mkdir()
    for name in ["part-0.csv", "part-1.csv", "part-2.csv", "part-3.csv"]:
        (data / name).write_text("1,2\n")
    est = Estimator(write_script("hosts.py", HOST_SCRIPT), instance_count=3,
                    session=local_session)
    est.fit({"sharded": TrainingInput(str(data), distribution="ShardedByS3Key"),
             "full": TrainingInput(str(data))})
    out = capsys.readouterr().out
    for host in ["algo-1", "algo-2", "algo-3"]:
        assert f"{host} | hello from {host}" in out  # log lines carry the host name
    model = safe_extract(local_path(est.model_data), tmp_path / "model")
    seen = {h: json.loads((model / f"{h}.json").read_text())
            for h in ["algo-1", "algo-2", "algo-3"]}
    # documented rule: sorted keys, object i -> host algo-(i mod 3 + 1)
    assert {h: s["files"]["sharded"] for h, s in seen.items()} == {
        "algo-1": ["part-0.csv", "part-3.csv"], "algo-2": ["part-1.csv"],
        "algo-3": ["part-2.csv"]}
    for h, s in seen.items():
        assert s["files"]["full"] == ["part-0.csv", "part-1.csv", "part-2.csv", "part-3.csv"]
        assert s["config"]["current_host"] == h
        assert s["config"]["hosts"] == s["hosts"] == ["algo-1", "algo-2", "algo-3"]
    # every host's model folder merged into one artifact (a clashing name: the last host wins)
    with tarfile.open(local_path(est.model_data)) as tar:
        assert sorted(tar.getnames()) == ["algo-1.json", "algo-2.json", "algo-3.json",
                                          "shared.txt"]
    assert (model / "shared.txt").read_text() == "algo-3"
    assert est.latest_training_job.describe()["ResourceConfig"]["InstanceCount"] == 3


def test_one_failing_host_fails_the_job(local_session, write_script):
    import pytest

    from estlab.workflow import JobFailedError

    script = write_script("host2_fails.py", """
        import os, sys
        if os.environ["SM_CURRENT_HOST"] == "algo-2":
            sys.exit("algo-2 ran out of data")
    """)
    with pytest.raises(JobFailedError, match="algo-2 ran out of data"):
        Estimator(script, instance_count=2, session=local_session).fit(logs=False)


def test_processing_with_two_instances_shards_and_merges_outputs(local_session, write_script,
                                                                 tmp_path):
    data = tmp_path / "raw"
    data.mkdir()
    for i in range(3):
        (data / f"f{i}.csv").write_text(f"{i}\n")
    script = write_script("count.py", """
        import json, pathlib, sys
        inp, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
        host = json.load(open(pathlib.Path(sys.argv[3], "resourceconfig.json")))["current_host"]
        (out / (host + ".txt")).write_text(",".join(sorted(p.name for p in inp.iterdir())))
    """)
    dest = tmp_path / "counted"
    proc = ScriptProcessor(instance_count=2, session=local_session)
    proc.run(script, inputs=[ProcessingInput(str(data), "/opt/ml/processing/in",
                                             s3_data_distribution_type="ShardedByS3Key")],
             outputs=[ProcessingOutput("/opt/ml/processing/out", str(dest))],
             arguments=["/opt/ml/processing/in", "/opt/ml/processing/out", "/opt/ml/config"],
             logs=False)
    assert (dest / "algo-1.txt").read_text() == "f0.csv,f2.csv"
    assert (dest / "algo-2.txt").read_text() == "f1.csv"
