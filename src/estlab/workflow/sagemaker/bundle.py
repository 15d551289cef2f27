"""The code bundle sent to SageMaker: the user's scripts plus estlab's own pure-Python source.

A SageMaker container has no internet access by default and its image (here the scikit-learn
framework image, which has NumPy and SciPy) does not have estlab installed. So every job ships
estlab itself: the installed ``estlab`` package is copied, minus caches, next to the entry
script. Python puts the script's folder first on ``sys.path``, so ``import estlab`` then works
in the container exactly as it does here, with no ``pip install`` at start-up.

Layout of a bundle (what lands in ``/opt/ml/input/data/code`` for training, in
``/opt/ml/processing/input/code`` for processing, in the serving container's code folder)::

    train.py          <- the entry script (or every file of source_dir)
    estlab/           <- a copy of the installed package, without __pycache__ and *.pyc
"""

import os
import shutil
import tarfile
from pathlib import Path

import estlab
from estlab.workflow._errors import WorkflowError

__all__ = ["ESTLAB_PACKAGE_DIR", "make_bundle", "make_sourcedir_tar"]

#: The folder of the installed ``estlab`` package (the one that is copied into bundles).
ESTLAB_PACKAGE_DIR = Path(estlab.__file__).resolve().parent

# What never goes into a bundle: byte code, editor and OS droppings, test caches.
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".pytest_cache", ".DS_Store",
                                 ".ipynb_checkpoints")


def make_bundle(dest, entry_point, source_dir=None):
    """Fill the empty folder ``dest`` with the user's code and a copy of estlab.

    Parameters
    ----------
    dest : str or os.PathLike
        An existing, empty folder (usually a ``tempfile.TemporaryDirectory``).
    entry_point : str
        The script to run: a file name inside ``source_dir``, or a path when ``source_dir`` is
        None (then only that file is copied).
    source_dir : str or os.PathLike, optional
        A folder whose whole content is shipped (as the SDK's ``source_dir``).

    Returns
    -------
    str
        The entry script's path relative to ``dest`` (what SageMaker runs).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as src, tempfile.TemporaryDirectory() as dest:
    ...     _ = (pathlib.Path(src) / "train.py").write_text("import estlab\\n")
    ...     entry = make_bundle(dest, "train.py", source_dir=src)
    ...     print(entry, (pathlib.Path(dest) / "estlab" / "__init__.py").is_file())
    train.py True
    """
    dest = Path(dest)
    if source_dir is not None:
        source_dir = Path(os.fspath(source_dir)).expanduser().resolve()
        if not source_dir.is_dir():
            raise WorkflowError(f"source_dir must be an existing folder; got {str(source_dir)!r}. "
                                "Pass the folder that holds your entry point.")
        if not (source_dir / entry_point).is_file():
            raise WorkflowError(f"entry point {entry_point!r} is not a file inside source_dir "
                                f"{str(source_dir)!r}; give its path relative to source_dir.")
        shutil.copytree(source_dir, dest, ignore=_IGNORE, dirs_exist_ok=True)
        entry = Path(entry_point).as_posix()
    else:
        script = Path(os.fspath(entry_point)).expanduser().resolve()
        if not script.is_file():
            raise WorkflowError(f"entry point {str(script)!r} does not exist; give the path of "
                                "your script, or a file name together with source_dir.")
        shutil.copy2(script, dest / script.name)
        entry = script.name
    # A bundle that already carries its own estlab (say, a copied source tree) keeps it.
    if not (dest / "estlab").exists():
        shutil.copytree(ESTLAB_PACKAGE_DIR, dest / "estlab", ignore=_IGNORE)
    return entry


def make_sourcedir_tar(bundle_dir, tar_path):
    """Write ``bundle_dir``'s content to ``tar_path`` as ``sourcedir.tar.gz`` (members at the top).

    This is the archive the SDK uploads as ``sagemaker_submit_directory`` for the serving
    containers: the files sit at the archive's top level, as the containers expect.

    Examples
    --------
    >>> import tempfile, pathlib, tarfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (pathlib.Path(d) / "serve.py").write_text("")
    ...     tar = make_sourcedir_tar(d, pathlib.Path(d).parent / (pathlib.Path(d).name + ".tgz"))
    ...     print(tarfile.open(tar).getnames())
    ...     tar.unlink()
    ['serve.py']
    """
    bundle_dir, tar_path = Path(bundle_dir), Path(tar_path)
    with tarfile.open(tar_path, "w:gz") as tar:
        for entry in sorted(bundle_dir.iterdir()):
            tar.add(entry, arcname=entry.name)
    return tar_path
