"""Helpers for the hosting and batch-transform tests: small models with their inference scripts.

Imported explicitly by the serving tests (``from conftest_serving import ...`` after putting
this folder on ``sys.path``); the training helper owns ``conftest.py``.
"""

import json
import os
import tarfile
import textwrap
from pathlib import Path

import numpy as np

# A linear model y = X w + b, with an inference script that uses the default input_fn and
# output_fn (JSON, CSV, NPY), a predict_fn that takes the toolkit's optional context, and a
# way to make it fail on purpose (any 666 in the input) for the 500 test.
LINEAR_SCRIPT = textwrap.dedent('''
    import os

    import numpy as np


    class Linear:
        def __init__(self, w, b):
            self.w, self.b = w, b

        def predict(self, X):
            return X @ self.w + self.b


    def model_fn(model_dir):
        w = np.load(os.path.join(model_dir, "w.npy"), allow_pickle=False)
        with open(os.path.join(model_dir, "b.txt")) as f:
            return Linear(w, float(f.read()))


    def predict_fn(data, model, context):
        if np.any(data == 666):
            raise RuntimeError("the number of the beast")
        out = model.predict(data)
        return 2 * out if context.custom_attributes == "double" else out
''')

# Predicts, for every record of a request, how many records that request held: batch
# transform tests read the mini-batch sizes off the output.
BATCH_SIZE_SCRIPT = textwrap.dedent('''
    import numpy as np


    def model_fn(model_dir):
        return None


    def predict_fn(data, model):
        return np.full(len(data), len(data))
''')


def make_model(folder, w, b, script=LINEAR_SCRIPT, in_archive=False):
    """Write ``model.tar.gz`` (w.npy, b.txt) and the script; return ``(model_data, script_path)``.

    With ``in_archive`` the script goes into the archive as ``code/inference.py`` (then the
    Model needs no entry_point).
    """
    folder = Path(folder)
    content = folder / "content"
    (content / "code").mkdir(parents=True, exist_ok=True)
    np.save(content / "w.npy", np.asarray(w, dtype=float), allow_pickle=False)
    (content / "b.txt").write_text(repr(float(b)))
    script_path = folder / "inference.py"
    script_path.write_text(script)
    if in_archive:
        (content / "code" / "inference.py").write_text(script)
    archive = folder / "model.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for entry in sorted(content.iterdir()):
            tar.add(entry, arcname=entry.name)
    return str(archive), str(script_path)


def server_pid(session, endpoint_folder_name):
    """The pid the model server wrote into its endpoint folder."""
    info = Path(session.root, "endpoints", endpoint_folder_name, "server.json")
    return json.loads(info.read_text())["pid"]


def pid_alive(pid):
    """True if a process with this pid exists (and is not a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return True  # no /proc (macOS): the kill probe is all we have
