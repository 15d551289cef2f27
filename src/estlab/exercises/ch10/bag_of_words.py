"""Exercise 10.2: a vocabulary and a bag of words, the text pipeline's processing."""

import re

import numpy as np


def bag_of_words(train_docs, docs, min_count=3):
    """Return ``(vocabulary, X)``: the vocabulary and the features of ``docs``.

    Do what chapter 10's tokenising processor does. The vocabulary, a sorted list of
    words, is learned from ``train_docs`` alone, keeping the words that occur in at
    least ``min_count`` of those reviews. ``X`` has one row per document of ``docs``
    (any reviews, training or new) and one float column per vocabulary word, the
    bag-of-words encoding the logistic regression of that chapter was trained on.

    Examples
    --------
    >>> vocabulary, X = bag_of_words(["a good film", "good acting", "a bad film"],
    ...                              ["Good!", "an unseen word"], min_count=2)
    >>> vocabulary
    ['a', 'film', 'good']
    >>> X.shape
    (2, 3)
    """
    # [solution] TODO: tokenise, learn the vocabulary from train_docs, encode docs
    def tokens(text):
        return re.findall(r"[a-z]+", text.lower())  # lower case, letters only

    counts = {}
    for doc in train_docs:
        for word in set(tokens(doc)):  # a set: count reviews, not occurrences
            counts[word] = counts.get(word, 0) + 1
    vocabulary = sorted(word for word, count in counts.items() if count >= min_count)
    column = {word: j for j, word in enumerate(vocabulary)}
    X = np.zeros((len(docs), len(vocabulary)))
    for i, doc in enumerate(docs):
        for token in tokens(doc):
            if token in column:
                X[i, column[token]] = 1.0  # 1 if the word occurs, else 0
    return vocabulary, X
    # [/solution]
