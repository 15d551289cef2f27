"""Exercise 6.3: the command a ScriptProcessor runs inside the container."""

import posixpath

CODE_DIR = "/opt/ml/processing/input/code"


def container_command(command, code, arguments=()):
    """Return the argv list the processing container executes for ``ScriptProcessor.run``.

    ``ScriptProcessor(command=command).run(code=code, arguments=arguments)`` uploads the local
    file ``code`` and mounts it in the container under ``CODE_DIR``; the container then runs
    the command, the script's container path, and the arguments.

    Examples
    --------
    >>> container_command(["python3"], "scripts/preprocess.py", ["--seed", "1"])
    ['python3', '/opt/ml/processing/input/code/preprocess.py', '--seed', '1']
    """
    # [solution] TODO: command + [the script's path in the container] + arguments
    script = posixpath.join(CODE_DIR, posixpath.basename(code.replace("\\", "/")))
    return [*command, script, *arguments]
    # [/solution]
