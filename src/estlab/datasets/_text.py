"""Short generated product reviews with a sentiment label, for the text-classification pipeline.

Each review is a few sentences assembled from templates: a product, some neutral filler, and
sentiment words whose balance decides the label (1 positive, 0 negative). About one review in
ten carries a word of the opposite sentiment, and a small share of labels are flipped, so the
classes overlap as real reviews do::

    review_id,text,sentiment
    R0001,"The kettle arrived on Tuesday. It is excellent and I love it.",1

:func:`write_reviews_csv` writes that file, the input of Chapter 10's tokenising job.
"""

import csv
from pathlib import Path

import numpy as np

__all__ = ["POSITIVE_WORDS", "NEGATIVE_WORDS", "make_reviews", "write_reviews_csv"]

#: Adjectives that carry the sentiment (the templates add "love", "recommend", "refund"...).
POSITIVE_WORDS = ("excellent", "great", "perfect", "reliable", "sturdy", "lovely", "solid",
                  "superb", "fantastic", "quiet")
NEGATIVE_WORDS = ("broken", "awful", "disappointing", "noisy", "cheap", "useless", "faulty",
                  "poor", "flimsy", "terrible")
_PRODUCTS = ("kettle", "toaster", "blender", "lamp", "headset", "backpack", "umbrella", "mug")
_FILLER = ("It arrived on {day}.", "I bought it for my {who}.", "The box was {colour}.",
           "I have used it for {weeks} weeks.", "Delivery took {weeks} days.")
_DAYS = ("Monday", "Tuesday", "Friday", "Sunday")
_WHO = ("kitchen", "office", "sister", "dad", "flat")
_COLOURS = ("blue", "white", "brown", "grey")
_POS_SENTENCES = ("It is {w}.", "Really {w}, would buy again.", "I love it, {w}.",
                  "Simply {w}.", "{W} value, I recommend it.")
_NEG_SENTENCES = ("It is {w}.", "Totally {w}, never again.", "I want a refund, {w}.",
                  "Honestly {w}.", "{W} quality, I returned it.")


def make_reviews(n=300, flip=0.05, random_state=0):
    """Generate ``n`` short reviews and their sentiment labels.

    Parameters
    ----------
    n : int, default 300
    flip : float, default 0.05
        Share of labels flipped at random (label noise), in [0, 0.5).
    random_state : int, Generator or None, default 0

    Returns
    -------
    texts : list of str
    labels : ndarray of shape (n,)
        1 for a positive review, 0 for a negative one; balanced to within one before the flips.

    Examples
    --------
    >>> texts, labels = make_reviews(n=4, flip=0.0, random_state=3)
    >>> len(texts), labels.tolist()
    (4, [1, 0, 1, 0])
    >>> any(w in texts[0].lower() for w in POSITIVE_WORDS)
    True
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer; got {n!r}.")
    if not 0 <= flip < 0.5:
        raise ValueError(f"flip must be in [0, 0.5) (0.5 would make the labels pure noise); "
                         f"got {flip!r}.")
    rng = np.random.default_rng(random_state)
    labels = (np.arange(n) % 2 == 0).astype(int)
    texts = []
    for label in labels:
        words, other = ((POSITIVE_WORDS, NEGATIVE_WORDS) if label == 1
                        else (NEGATIVE_WORDS, POSITIVE_WORDS))
        templates = _POS_SENTENCES if label == 1 else _NEG_SENTENCES
        sentences = [f"The {rng.choice(_PRODUCTS)} " + str(rng.choice(
            ["works.", "came today.", "is here.", "does the job."]))]
        for template in rng.choice(_FILLER, size=rng.integers(0, 3), replace=False):
            sentences.append(str(template).format(
                day=rng.choice(_DAYS), who=rng.choice(_WHO), colour=rng.choice(_COLOURS),
                weeks=int(rng.integers(2, 9))))
        for _ in range(int(rng.integers(1, 3))):
            sentences.append(_fill(rng.choice(templates), rng.choice(words)))
        if rng.random() < 0.1:  # a mixed review: one word of the other sentiment
            sentences.append(f"The lid is a bit {rng.choice(other)}.")
        order = rng.permutation(len(sentences) - 1) + 1  # the product sentence stays first
        texts.append(" ".join([sentences[0]] + [sentences[j] for j in order]))
    flipped = rng.random(n) < flip
    return texts, np.where(flipped, 1 - labels, labels)


def _fill(template, word):
    return str(template).format(w=word, W=str(word).capitalize())


def write_reviews_csv(path, n=300, flip=0.05, random_state=0):
    """Write :func:`make_reviews` as a CSV file with a header ``review_id,text,sentiment``.

    Parameters
    ----------
    path : str or os.PathLike
        File to write; its folder is created.
    n, flip, random_state
        As :func:`make_reviews`.

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import csv, tempfile, pathlib
    >>> p = write_reviews_csv(pathlib.Path(tempfile.mkdtemp()) / "reviews.csv", n=3)
    >>> rows = list(csv.reader(p.read_text().splitlines()))
    >>> rows[0], len(rows)
    (['review_id', 'text', 'sentiment'], 4)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    texts, labels = make_reviews(n=n, flip=flip, random_state=random_state)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["review_id", "text", "sentiment"])
        for i, (text, label) in enumerate(zip(texts, labels), 1):
            writer.writerow([f"R{i:04d}", text, int(label)])
    return path
