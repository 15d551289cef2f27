# expect: cannot see your laptop's path
def container_command(command, code, arguments=()):
    return [*command, code, *arguments]
