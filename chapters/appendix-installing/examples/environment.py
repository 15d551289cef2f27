# %% [markdown]
# # What is installed, and where does `import` find it?

# %%
# --8<-- [start:where]
import importlib.metadata
import importlib.util
import shutil
import sys

# Inside a virtual environment, sys.prefix (this environment) differs from
# sys.base_prefix (the Python installation it was created from).
print("Python", sys.version.split()[0],
      "| in a virtual environment:", sys.prefix != sys.base_prefix)

# pip installs distributions; `import` finds modules. Usually the names agree, not
# always.
for distribution, module in [("numpy", "numpy"), ("scipy", "scipy"),
                             ("matplotlib", "matplotlib"),
                             ("estlab", "estlab"), ("scikit-learn", "sklearn"),
                             ("pymdown-extensions", "pymdownx")]:
    try:
        version = importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        version = "not installed"
    spec = importlib.util.find_spec(module)
    if spec is None:
        where = "not importable"
    elif "site-packages" in (spec.origin or ""):
        where = "site-packages"
    else:
        where = "source tree (editable install)"
    print(f"pip: {distribution:<20} {version:<14} import {module:<11} -> {where}")

# Operating-system programs are not Python packages: they are found on PATH, not by
# import.
for program in ["python3", "git", "chromium"]:
    print(f"program {program:<9} ->",
          "found" if shutil.which(program) else "not installed")
# --8<-- [end:where]
