"""Exercise 10.2: bag-of-words counts, the text pipeline's processing step."""

import re

import numpy as np


def bag_of_words(docs, vocabulary):
    """Return the counts matrix, shape (len(docs), len(vocabulary)), of integer dtype.

    Entry (i, j) counts how often ``vocabulary[j]`` occurs in ``docs[i]``. Tokens are the
    runs of letters of the lower-cased text (``re.findall(r"[a-z]+", doc.lower())``); words
    outside the vocabulary are ignored.

    Examples
    --------
    >>> bag_of_words(["Good, good movie!", "bad movie"], ["good", "bad", "movie"])
    array([[2, 0, 1],
           [0, 1, 1]])
    """
    # [solution] TODO: a column index per word, then count tokens document by document
    column = {word: j for j, word in enumerate(vocabulary)}
    counts = np.zeros((len(docs), len(vocabulary)), dtype=int)
    for i, doc in enumerate(docs):
        for token in re.findall(r"[a-z]+", doc.lower()):
            j = column.get(token)
            if j is not None:
                counts[i, j] += 1
    return counts
    # [/solution]
