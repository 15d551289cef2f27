"""The registry: every chapter's exercises, found in ``estlab/exercises/chNN/__init__.py``.

Each chapter package defines ``EXERCISES``, a list of :class:`~estlab.exercises.Exercise`; the
reference solutions sit next to it as ``chNN/<slug>.py``.
"""

from importlib import import_module

from estlab._i18n import N_, translate

__all__ = ["CHAPTERS", "exercises", "get_exercise"]

#: Chapter number -> title, as in the book (in English; ``translate(title, "ko")`` for Korean).
CHAPTERS = {
    1: N_("What is an estimator?"),
    2: N_("Maximum likelihood"),
    3: N_("Gradient descent"),
    4: N_("Regression estimators"),
    5: N_("SageMaker's components"),
    6: N_("Processing"),
    7: N_("Training"),
    8: N_("Deployment and inference"),
    9: N_("Batch transform"),
    10: N_("End-to-end pipelines"),
    11: N_("Trade-offs"),
}


def _chapter_number(chapter):
    try:
        number = int(chapter)
    except (TypeError, ValueError):
        number = None
    if number not in CHAPTERS or isinstance(chapter, bool):
        raise ValueError(translate("chapter must be one of {chapters}; got {chapter!r}. "
                                   "Example: estlab check 2").format(chapters=sorted(CHAPTERS),
                                                                     chapter=chapter))
    return number


def exercises(chapter=None):
    """The exercises of one chapter, or of every chapter when ``chapter`` is None.

    Examples
    --------
    >>> [ex.key for ex in exercises(2)][:3]
    ['2.1', '2.2', '2.3']
    >>> len(exercises()) >= 33
    True
    """
    chapters = sorted(CHAPTERS) if chapter is None else [_chapter_number(chapter)]
    found = []
    for number in chapters:
        found.extend(import_module(f"estlab.exercises.ch{number:02d}").EXERCISES)
    return found


def get_exercise(key):
    """The exercise named ``key`` (``"2.1"``).

    Examples
    --------
    >>> get_exercise("2.1").filename
    'ch02/normal_mle.py'
    """
    chapter, _, _ = str(key).partition(".")
    for ex in exercises(chapter):
        if ex.key == str(key):
            return ex
    keys = [ex.key for ex in exercises(chapter)]
    raise ValueError(translate("no exercise {key!r}; chapter {chapter} has {keys}.").format(
        key=str(key), chapter=chapter, keys=keys))
