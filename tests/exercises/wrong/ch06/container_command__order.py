# expect: wrong order
def container_command(command, code, arguments=()):
    name = code.replace("\\", "/").rsplit("/", 1)[-1]
    return [*command, *arguments, "/opt/ml/processing/input/code/" + name]
