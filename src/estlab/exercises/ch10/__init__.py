"""Chapter 10 exercises: the end-to-end pipelines' processing steps."""

import re

import numpy as np

from estlab.exercises._exercise import Exercise, Mistake, as_array, close


def check_image_features(student):
    to_features = student.function("images_to_features")
    images = np.random.default_rng(101).integers(0, 256, size=(4, 3, 5), dtype=np.uint8)
    got = np.asarray(to_features(images.copy()))
    right = images.reshape(4, -1) / 255.0
    if got.shape == (15, 4):
        raise Mistake("Your matrix has one column per image: row i must be image i "
                      "(images.reshape(n, -1)), as estimators take one row per example.")
    got = as_array(got, "the features", shape=(4, 15))
    if close(got, right):
        return
    if close(got, images.reshape(4, -1)):
        raise Mistake("Pixels still range 0..255: divide by 255 so features lie in [0, 1].")
    if close(got, images.reshape(4, -1) // 255):
        raise Mistake("Integer division (//) turns almost every pixel into 0: convert to float, "
                      "then / 255.")
    if close(np.sort(got, axis=1), np.sort(right, axis=1)):
        raise Mistake("Flatten each image row by row (C order): images.reshape(n, -1), not a "
                      "transpose first.")
    raise Mistake("Expected images.reshape(n, -1) / 255.0.")


def _reference_bow(docs, vocabulary):
    counts = np.zeros((len(docs), len(vocabulary)), dtype=int)
    for i, doc in enumerate(docs):
        tokens = re.findall(r"[a-z]+", doc.lower())
        for j, word in enumerate(vocabulary):
            counts[i, j] = tokens.count(word)
    return counts


def check_bag_of_words(student):
    bow = student.function("bag_of_words")
    docs = ["The movie was GOOD, really good.", "Bad plot; bad acting. The end",
            "", "good-bad? Good!"]
    vocabulary = ["good", "bad", "the", "plot", "ugly"]
    got = np.asarray(bow(list(docs), list(vocabulary)))
    right = _reference_bow(docs, vocabulary)
    if got.shape != right.shape:
        raise Mistake(f"Expected shape (n_docs, n_words) = {right.shape}; got {got.shape}.")
    if np.array_equal(got, right):
        if not np.issubdtype(got.dtype, np.integer):
            raise Mistake(f"Counts should have an integer dtype; got {got.dtype}.")
        return
    if np.array_equal(got, (right > 0).astype(int)):
        raise Mistake("You recorded whether a word occurs (0/1); count how often it occurs.")
    lower_missed = np.array_equal(got, _reference_bow([d.replace("GOOD", "x").replace("The", "x")
                                                       .replace("Bad", "x").replace("Good", "x")
                                                       for d in docs], vocabulary))
    if lower_missed:
        raise Mistake("'GOOD', 'Good' and 'good' are one word: lower-case the text first.")
    if np.array_equal(got, right.T[: got.shape[0], : got.shape[1]]):
        raise Mistake("Rows are documents, columns are vocabulary words.")
    raise Mistake(f"For {docs[0]!r} expected counts {right[0].tolist()} over {vocabulary}; got "
                  f"{got[0].tolist()}. Tokens: re.findall(r'[a-z]+', doc.lower()).")


def check_lag_features(student):
    lag_features = student.function("lag_features")
    y = np.round(np.random.default_rng(103).normal(10, 2, size=12), 3)
    value = lag_features(y.copy(), 3)
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Mistake(f"lag_features should return (X, target); got {type(value).__name__}.")
    X = np.asarray(value[0], dtype=float)
    target = np.asarray(value[1], dtype=float)
    right_X = np.column_stack([y[2:11], y[1:10], y[0:9]])
    if target.shape != (9,) or not close(target, y[3:]):
        raise Mistake("target should be y[n_lags:], shape (9,) for n = 12 and 3 lags; got shape "
                      f"{target.shape}.")
    if X.shape != (9, 3):
        raise Mistake(f"X should have shape (n - n_lags, n_lags) = (9, 3); got {X.shape}.")
    if close(X, right_X):
        return
    if any(close(X[:, j], target) for j in range(X.shape[1])):
        raise Mistake("Your features include y[t], the very value you forecast: that is leakage, "
                      "and the model will look perfect in training and fail in production. Use "
                      "y[t-1], ..., y[t-n_lags].")
    if close(X, right_X[:, ::-1]):
        raise Mistake("Columns are reversed: lag 1 (y[t-1]) comes first.")
    raise Mistake(f"The first row should be [y[2], y[1], y[0]] = {right_X[0].tolist()}; got "
                  f"{X[0].tolist()}.")


EXERCISES = [
    Exercise(10, 1, "image_features", "Image pixels to features", "function",
             "The image-classification pipeline's processor turns images into rows for a softmax "
             "classifier. Implement `images_to_features(images)`.",
             ("An estimator wants a 2-D array: one row per example.",
              "reshape(n, -1) flattens each image; uint8 must become float before scaling.",
              "images.reshape(len(images), -1).astype(float) / 255.0"),
             check_image_features),
    Exercise(10, 2, "bag_of_words", "Bag of words", "function",
             "The text-classification pipeline's processor tokenises reviews for a logistic "
             "regression. Implement `bag_of_words(docs, vocabulary)` returning word counts.",
             ("One row per document, one column per vocabulary word.",
              "Lower-case, then re.findall(r'[a-z]+', ...); ignore words outside the vocabulary.",
              "Map each word to its column with a dict and add 1 per occurrence."),
             check_bag_of_words),
    Exercise(10, 3, "lag_features", "Lag features without leakage", "function",
             "The forecasting pipeline's processor builds lag features so that a regression can "
             "predict y[t] from the values before it. Implement `lag_features(y, n_lags)`.",
             ("Which values are known at the time you forecast y[t]?",
              "Row t uses y[t-1], ..., y[t-n_lags]; the first usable t is n_lags.",
              "np.column_stack([y[n_lags - k: n - k] for k in range(1, n_lags + 1)]), target "
              "y[n_lags:]."),
             check_lag_features),
]
