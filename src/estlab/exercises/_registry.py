"""The registry: every chapter's exercises, found in ``estlab/exercises/chNN/__init__.py``.

Each chapter package defines ``EXERCISES``, a list of :class:`~estlab.exercises.Exercise`; the
reference solutions sit next to it as ``chNN/<slug>.py``.
"""

from importlib import import_module

__all__ = ["CHAPTERS", "exercises", "get_exercise"]

#: Chapter number -> title, as in the book.
CHAPTERS = {
    1: "What is an estimator?",
    2: "Maximum likelihood",
    3: "Gradient descent",
    4: "Regression estimators",
    5: "SageMaker's components",
    6: "Processing",
    7: "Training",
    8: "Deployment and inference",
    9: "Batch transform",
    10: "End-to-end pipelines",
    11: "Trade-offs",
}


def _chapter_number(chapter):
    try:
        number = int(chapter)
    except (TypeError, ValueError):
        number = None
    if number not in CHAPTERS or isinstance(chapter, bool):
        raise ValueError(f"chapter must be one of {sorted(CHAPTERS)}; got {chapter!r}. "
                         f"Example: estlab check 2")
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
    raise ValueError(f"no exercise {key!r}; chapter {chapter} has {keys}.")
