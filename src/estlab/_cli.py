"""The ``estlab`` command: copy exercise stubs and check answers.

::

    estlab exercises init [CHAPTER] [--dir DIR] [--force]
    estlab exercises list [CHAPTER]
    estlab exercises show EXERCISE
    estlab exercises hint EXERCISE [--level N]
    estlab check CHAPTER|EXERCISE [--dir DIR] [--timeout SECONDS]
    estlab check --all [--solutions]
    estlab serve [--port PORT] [--root DIR] [--region REGION]
    estlab --version

``estlab check`` prints PASS or FAIL per exercise and last ``N passed, N failed``; its exit code
is 0 only when every exercise passed (1 otherwise, 2 for a usage error).

The exercise commands speak the locale's language (``LANG=ko_KR.UTF-8 estlab check 2`` is in
Korean) or the one ``--lang`` names, anywhere on the line (``estlab check 2 --lang ko``); their
texts, help included, come from estlab's message catalogue (:mod:`estlab._i18n`).
"""

import argparse
import contextlib
import difflib
import os
import sys

from estlab._i18n import LANGUAGES, N_, UnsupportedLanguageError, language, translate

__all__ = ["main"]

_EPILOG = N_("""\
examples:
  estlab exercises init 2        copy chapter 2's stubs into ./estlab-exercises/ch02/
  estlab check 2                 check your answers to chapter 2
  estlab check 2.3               check one exercise
  estlab exercises show 2.1      what exercise 2.1 asks
  estlab exercises hint 2.1      show the first hint for exercise 2.1 (--level 3 for all)
  estlab check --all --solutions verify every reference solution (instructors, CI)
  estlab check 2 --lang ko       the same in Korean (or set LANG=ko_KR.UTF-8)
""")

#: argparse's own words (usage, errors), translated through estlab's catalogue while a command
#: runs (argparse looks each one up with gettext when it prints it).
_ARGPARSE = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"), N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"), N_("the following arguments are required: %s"),
    N_("expected one argument"), N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
)
_INVALID_CHOICE, _UNRECOGNIZED = _ARGPARSE[-1], _ARGPARSE[7]  # the errors "did you mean" follows


@contextlib.contextmanager
def _argparse_in_our_language():
    original = argparse._
    argparse._ = translate
    try:
        yield
    finally:
        argparse._ = original


def _language_option(argv):
    """The value of ``--lang`` anywhere on the command line, or None (read before parsing, so
    that the help and argparse's own errors are in that language too)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang":
            return argv[i + 1] if i + 1 < len(argv) else ""
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _add_lang(parser):
    parser.add_argument("--lang", metavar="LANG", default=argparse.SUPPRESS,
                        help=translate("language of the messages: {choices} (default: the "
                                       "locale's, English unless it is Korean)").format(
                                           choices=", ".join(LANGUAGES)))


def _chapter(text):
    from estlab.exercises import CHAPTERS

    try:
        number = int(text)
    except ValueError:
        number = None
    if number not in CHAPTERS:
        raise argparse.ArgumentTypeError(translate("chapter must be a number from 1 to {last}; "
                                                   "got {text!r}").format(last=max(CHAPTERS),
                                                                          text=text))
    return number


def _chapter_or_exercise(text):
    """``check``'s argument: a chapter (``3``) or one exercise (``3.1``)."""
    if "." not in text:
        return _chapter(text)
    from estlab.exercises import get_exercise

    try:
        return get_exercise(text).key
    except ValueError as err:
        raise argparse.ArgumentTypeError(translate("{error} Give a chapter (3) or an exercise "
                                                   "(3.1).").format(error=err))


def _names(parser):
    """Every option and subcommand name ``parser`` and its subparsers know."""
    names = []
    for action in parser._actions:
        names.extend(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                names.append(name)
                names.extend(n for n in _names(sub) if n.startswith("-"))
    return list(dict.fromkeys(names))


class _Parser(argparse.ArgumentParser):
    """argparse with "did you mean ...?" for misspelt subcommands and options."""

    def error(self, message):
        suggestion = self._suggest(message)
        hint = translate("; did you mean {suggestion}?").format(suggestion=suggestion)
        super().error(message + (hint if suggestion else ""))

    _seen = ()  # the command line being parsed, set by _main

    def _suggest(self, message):
        markers = {text.split("%")[0] for msgid in (_INVALID_CHOICE, _UNRECOGNIZED)
                   for text in (msgid, translate(msgid))}
        if not any(marker in message for marker in markers):
            return None
        choices = _names(self)
        for word in reversed([a.split("=", 1)[0] for a in self._seen]):
            close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
            if word not in choices and close:
                return close[0]
        return None


def _parser():
    _ = translate
    epilog = _(_EPILOG)
    parser = _Parser(
        prog="estlab",
        description=_("estlab's exercises: copy the stubs, then check your answers."),
        epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    from estlab import __version__

    parser.add_argument("--version", action="version", version=f"estlab {__version__}")
    _add_lang(parser)
    commands = parser.add_subparsers(dest="command", metavar="{exercises,check,serve}",
                                     parser_class=_Parser)
    _add_serve(commands)

    exercises = commands.add_parser("exercises",
                                    help=_("copy stubs, list exercises, show hints"),
                                    epilog=epilog,
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = exercises.add_subparsers(dest="action", metavar="{init,list,show,hint}",
                                       parser_class=_Parser)
    init = actions.add_parser("init", help=_("copy the stubs into a working folder"))
    init.add_argument("chapter", nargs="?", type=_chapter,
                      help=_("chapter number (default: all)"))
    init.add_argument("--dir", default=None,
                      help=_("working folder (default: ./estlab-exercises)"))
    init.add_argument("--force", action="store_true",
                      help=_("overwrite files that exist (your edits are lost)"))
    listing = actions.add_parser("list", help=_("list the exercises"))
    listing.add_argument("chapter", nargs="?", type=_chapter,
                         help=_("chapter number (default: all)"))
    show = actions.add_parser("show", help=_("show the statement of one exercise"))
    show.add_argument("exercise", help=_("exercise number, e.g. 2.1"))
    hint = actions.add_parser("hint", help=_("show the graded hints of one exercise"))
    hint.add_argument("exercise", help=_("exercise number, e.g. 2.1"))
    hint.add_argument("--level", type=int, default=1,
                      help=_("how many hints to show (default 1)"))

    check = commands.add_parser("check", help=_("check your answers to a chapter"),
                                epilog=epilog,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("chapter", nargs="?", type=_chapter_or_exercise,
                       help=_("chapter number (3) or one exercise (3.1)"))
    check.add_argument("--all", action="store_true", help=_("check every chapter"))
    check.add_argument("--dir", default=None,
                       help=_("working folder (default: ./estlab-exercises)"))
    check.add_argument("--solutions", action="store_true",
                       help=_("check the reference solutions instead of your files"))
    check.add_argument("--timeout", type=float, default=None,
                       help=_("seconds allowed per exercise (default: 10 s, longer for jobs)"))
    for leaf in (exercises, init, listing, show, hint, check):
        _add_lang(leaf)
    return parser, exercises, check


def _run_exercises(args, parser):
    import estlab.exercises as ex

    if args.action == "init":
        directory = args.dir or ex.DEFAULT_DIRECTORY
        selected = ex.exercises(args.chapter)
        written, kept = ex._files.write_stubs(selected, directory, overwrite=args.force)
        for path in written:
            print(translate("wrote {path}").format(path=path))
        for path in kept:
            print(translate("kept  {path} (exists; --force overwrites it)").format(path=path))
        chapter = args.chapter if args.chapter is not None else "CHAPTER"
        where = f" --dir {directory}" if args.dir else ""
        print(translate("Edit the files, then run: estlab check {chapter}{where}").format(
            chapter=chapter, where=where))
        return 0
    if args.action == "list":
        for exercise in ex.exercises(args.chapter):
            print(f"{exercise.key:>5}  {translate(exercise.title)}  ({exercise.filename})")
        return 0
    if args.action == "show":
        try:
            exercise = ex.get_exercise(args.exercise).translated()
        except ValueError as err:
            parser.error(str(err))
        print(translate("Exercise {key} {title}").format(key=exercise.key, title=exercise.title))
        print()
        print(exercise.statement)
        print()
        print(translate("Edit {filename}, then run: estlab check {chapter} (hints: estlab "
                        "exercises hint {key})").format(filename=exercise.filename,
                                                       chapter=exercise.chapter,
                                                       key=exercise.key))
        return 0
    if args.action == "hint":
        try:
            print(ex.hint(args.exercise, args.level))
        except ValueError as err:
            parser.error(str(err))
        return 0
    parser.print_help()
    return 2


def main(argv=None):
    """Entry point of the ``estlab`` console script; returns the exit code.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default ``sys.argv[1:]``).

    Examples
    --------
    >>> main(["check", "11", "--solutions"])  # doctest: +ELLIPSIS
    Chapter 11: reference solutions
    PASS  11.1 ...
    3 passed, 0 failed
    0
    """
    try:
        return _main(argv)
    except BrokenPipeError:  # `estlab check 2 | head`: stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


# -- estlab serve: the local SageMaker API (estlab.workflow.local.api) ------------------------
DEFAULT_PORT = 8009  # not 8000 (mkdocs serve) nor 8080 (a SageMaker container's port)


def _add_serve(commands):
    _ = translate
    serve = commands.add_parser(
        "serve", help=_("run the local SageMaker API (boto3, AWS CLI, SDK v3) on 127.0.0.1"),
        description=_("One AWS-compatible endpoint on 127.0.0.1: SageMaker's control plane and "
                      "runtime run jobs and endpoints on this machine; S3, IAM, STS and "
                      "CloudWatch Logs are moto's (in memory). Point clients at it with "
                      "AWS_ENDPOINT_URL=http://127.0.0.1:PORT."))
    serve.add_argument("--port", type=int, default=DEFAULT_PORT,
                       help=_("port on 127.0.0.1 (default {port}; 0 picks a free one)").format(
                           port=DEFAULT_PORT))
    serve.add_argument("--root", default=None,
                       help=_("folder for jobs and records (default $ESTLAB_HOME or ~/.estlab)"))
    serve.add_argument("--region", default="us-east-1",
                       help=_("region of ARNs (default us-east-1)"))
    _add_lang(serve)


def _run_serve(args):
    from estlab.workflow.local.api import LocalApi

    api = LocalApi(root=args.root, port=args.port, region=args.region)
    print(f"estlab serve: SageMaker API on {api.url} (root {api.root}; ready in "
          f"{api.startup_seconds:.2f} s)\n"
          f"  export AWS_ENDPOINT_URL={api.url} AWS_DEFAULT_REGION={args.region} "
          "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing\n"
          "  SageMaker records persist under the root; S3, IAM and logs (moto) start empty.",
          flush=True)
    try:
        api.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        api.stop()
    return 0


def _main(argv):
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        lang = _language_option(argv)
        with language(lang), _argparse_in_our_language():
            return _run(argv)
    except UnsupportedLanguageError as err:
        print(translate("estlab: error: {error} Example: estlab check 2 --lang ko").format(
            error=err), file=sys.stderr)
        return 2


def _run(argv):
    parser, exercises_parser, check_parser = _parser()
    _Parser._seen = argv
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _run_serve(args)
    if args.command == "exercises":
        return _run_exercises(args, exercises_parser)
    if args.command == "check":
        import estlab.exercises as ex

        if args.all == (args.chapter is not None):
            check_parser.error(translate("give a CHAPTER number or --all (for example: estlab "
                                         "check 2)"))
        try:
            report = ex.check("all" if args.all else args.chapter, args.dir,
                              solutions=args.solutions, timeout=args.timeout)
        except ex.ExerciseFolderError as err:
            print(f"estlab check: {err}", file=sys.stderr)
            return 2
        print(report)
        return 0 if report.ok else 1
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
