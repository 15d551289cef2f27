"""Chapter 10 exercises: the end-to-end pipelines' processing steps."""

import re

import numpy as np

from estlab._i18n import N_
from estlab.exercises._exercise import Exercise, Mistake, as_array, close


def _normalised(flat, eps=1e-8):
    """Chapter 10's image features: each row to zero mean and unit variance."""
    return (flat - flat.mean(axis=1, keepdims=True)) / (flat.std(axis=1, keepdims=True) + eps)


def check_image_features(student):
    to_features = student.function("images_to_features")
    rng = np.random.default_rng(101)
    shapes = rng.integers(0, 2, size=(5, 3, 4)).astype(float)  # five patterns of 0s and 1s
    contrast, brightness = [40.0, 120.0, 200.0, 60.0, 0.0], [10.0, 60.0, 30.0, 150.0, 77.0]
    images = np.stack([c * p + b + rng.integers(0, 20, size=p.shape) * (c > 0)
                       for c, b, p in zip(contrast, brightness, shapes)]).astype(np.uint8)
    blank = 4  # every pixel 77: its standard deviation is 0
    flat = images.reshape(5, -1).astype(float)
    right = _normalised(flat)
    got = np.asarray(to_features(images.copy()))
    if got.shape == (12, 5):
        raise Mistake("Your matrix has one column per image: row i must be image i, as "
                      "estimators take one row per example.")
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Mistake("images_to_features should return an array of numbers; got {type_name}.",
                      type_name=type(got).__name__) from None
    if got.shape != (5, 12):
        raise Mistake("Expected shape (n, height * width) = (5, 12); got {got_shape}.",
                      got_shape=got.shape)
    others = [i for i in range(5) if i != blank]
    if not np.all(np.isfinite(got[blank])) and close(got[others], right[others], rtol=1e-6,
                                                      atol=1e-6):
        raise Mistake("A blank image (every pixel the same) has standard deviation 0, and 0 / 0 "
                      "is NaN. Guard the division: the chapter divides by std + 1e-8, which "
                      "turns a blank image into zeros.")
    got = as_array(got, "the features")
    if close(got, right, rtol=1e-6, atol=1e-6):
        return
    if close(got, flat / 255.0) or close(got, flat):
        raise Mistake("The features still carry each image's brightness and contrast (scaling by "
                      "255 keeps them): chapter 10's processor normalises every image to zero "
                      "mean and unit variance, so that a dimmer or fainter copy of a shape gives "
                      "the same features.")
    if close(got, (flat - flat.mean()) / flat.std(), rtol=1e-6, atol=1e-6):
        raise Mistake("You used one mean and one standard deviation for the whole batch: "
                      "brightness differences between images survive. Normalise each image by "
                      "its own mean and standard deviation (one per row).")
    by_pixel = (flat - flat.mean(axis=0)) / (flat.std(axis=0) + 1e-8)
    if close(got, by_pixel, rtol=1e-6, atol=1e-6):
        raise Mistake("You standardised each pixel (column) across the images, as a "
                      "StandardScaler would. That needs training-set statistics, which the "
                      "endpoint would need too, and it keeps brightness differences between "
                      "images. The chapter normalises each image (row) by itself.")
    if close(got, _normalised(images.transpose(0, 2, 1).reshape(5, -1).astype(float)),
             rtol=1e-6, atol=1e-6):
        raise Mistake("Flatten each image row by row (C order, images.reshape(n, -1)), not "
                      "column by column: the endpoint's caller will flatten it that way.")
    ddof1 = (flat - flat.mean(axis=1, keepdims=True)) / (flat.std(axis=1, ddof=1,
                                                                  keepdims=True) + 1e-8)
    if close(got, ddof1, rtol=1e-6, atol=1e-6):
        raise Mistake("You divided by the standard deviation with ddof=1; the chapter's "
                      "processor uses np.std's default (ddof=0), so that each row has unit "
                      "variance exactly.")
    raise Mistake("For image 0 expected {right} ...; got {got} .... Flatten row by row, then "
                  "normalise each image by its own mean and standard deviation.",
                  right=np.round(right[0, :4], 4), got=np.round(got[0, :4], 4))


def _tokens(text, lower=True, letters=True):
    text = text.lower() if lower else text
    return re.findall(r"[a-z]+", text) if letters else text.split()


def _vocabulary(docs, min_count, *, per_review=True, lower=True, letters=True, strict=False):
    counts = {}
    for doc in docs:
        tokens = _tokens(doc, lower, letters)
        for word in (set(tokens) if per_review else tokens):
            counts[word] = counts.get(word, 0) + 1
    return sorted(w for w, c in counts.items() if (c > min_count if strict else c >= min_count))


#: Training reviews in which each slip gives a different vocabulary (see check_bag_of_words).
_TRAIN = ["Great film, GREAT acting.", "great plot; the acting was fine", "The plot was great.",
          "wow wow wow, what a film", "the acting: the end", "a film-lover's film", "plot"]
_DOCS = ["great great film", "awful awful", "awful plot", "An awful, awful film", "", "the end"]


def check_bag_of_words(student):
    bow = student.function("bag_of_words")
    right = _vocabulary(_TRAIN, 3)
    value = bow(list(_TRAIN), list(_DOCS), min_count=3)
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Mistake("bag_of_words should return (vocabulary, X); got {type_name}.",
                      type_name=type(value).__name__)
    vocabulary, X = value
    try:
        vocabulary = [str(w) for w in vocabulary]
    except TypeError:
        raise Mistake("The vocabulary should be a list of words; got {vocabulary!r}.",
                      vocabulary=vocabulary) from None
    if vocabulary != right:
        slips = [
            (_vocabulary(_TRAIN + _DOCS, 3), N_("Your vocabulary was learned from the documents to "
             "encode as well as the training reviews: words of the reviews to score leak into "
             "the model's features. Learn it from train_docs only, as the chapter does: a word "
             "that appears only in new reviews must be unknown to the model.")),
            (_vocabulary(_TRAIN, 3, per_review=False), N_("You counted occurrences; min_count "
             "counts reviews: a word repeated three times in one review occurs in one review. "
             "Count each word once per review (a set of its tokens).")),
            (_vocabulary(_TRAIN, 3, lower=False), N_("'Great', 'GREAT' and 'great' are one word: "
             "lower-case the text before tokenising.")),
            (_vocabulary(_TRAIN, 3, letters=False), N_("Tokens are runs of letters (the chapter "
             "uses re.findall(r'[a-z]+', text.lower())); splitting on spaces keeps punctuation "
             "('film,' and 'film' become two words).")),
            (_vocabulary(_TRAIN, 3, strict=True), N_("Keep the words that occur in AT LEAST "
             "min_count reviews (>=, not >).")),
            (_vocabulary(_TRAIN, 1), N_("Your vocabulary ignores min_count: rare words (in fewer "
             "than min_count training reviews) are noise the model would overfit.")),
        ]
        for wrong, message in slips:
            if vocabulary == wrong:
                raise Mistake(message)
        if sorted(vocabulary) == right:
            raise Mistake("Sort the vocabulary: column j is the j-th word in alphabetical order, "
                          "so that the training job and the endpoint agree on the columns.")
        raise Mistake("From the training reviews {TRAIN!r} with min_count=3 the vocabulary is "
                      "{right}; got {vocabulary}.",
                      TRAIN=_TRAIN, right=right, vocabulary=vocabulary)
    again = bow(list(_TRAIN), list(_DOCS), min_count=2)[0]
    if list(again) != _vocabulary(_TRAIN, 2):
        raise Mistake("With min_count=2 the vocabulary is {vocabulary}; got {again}. Honour "
                      "min_count.",
                      vocabulary=_vocabulary(_TRAIN, 2), again=list(again))
    column = {w: j for j, w in enumerate(right)}
    binary = np.zeros((len(_DOCS), len(right)))
    counts = np.zeros_like(binary)
    for i, doc in enumerate(_DOCS):
        for token in _tokens(doc):
            if token in column:
                binary[i, column[token]] = 1.0
                counts[i, column[token]] += 1.0
    X = np.asarray(X, dtype=float)
    if X.shape == (len(_TRAIN), len(right)):
        raise Mistake("X should encode `docs` ({n__DOCS} documents), not the training reviews; "
                      "got shape {X_shape}.",
                      n__DOCS=len(_DOCS), X_shape=X.shape)
    if X.shape != binary.shape:
        raise Mistake("X should have shape (len(docs), len(vocabulary)) = {binary_shape}; got "
                      "{X_shape}.",
                      binary_shape=binary.shape, X_shape=X.shape)
    if np.array_equal(X, binary):
        return
    if np.array_equal(X, counts):
        raise Mistake("You counted how often each word occurs; chapter 10's bag of words is a "
                      "0/1 vector saying which vocabulary words a review contains (and the "
                      "logistic regression was trained on those).")
    if np.array_equal(X, binary.T[: X.shape[0], : X.shape[1]]):
        raise Mistake("Rows are documents, columns are vocabulary words.")
    raise Mistake("For {DOCS_0!r} expected {tolist} over {right}; got {tolist2}.",
                  DOCS_0=_DOCS[0], tolist=binary[0].tolist(), right=right, tolist2=X[0].tolist())


def check_lag_features(student):
    lag_features = student.function("lag_features")
    y = np.round(np.random.default_rng(103).normal(10, 2, size=12), 3)
    value = lag_features(y.copy(), 3)
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Mistake("lag_features should return (X, target); got {type_name}.",
                      type_name=type(value).__name__)
    X = np.asarray(value[0], dtype=float)
    target = np.asarray(value[1], dtype=float)
    right_X = np.column_stack([y[2:11], y[1:10], y[0:9]])
    if target.shape != (9,) or not close(target, y[3:]):
        raise Mistake("target should be y[n_lags:], shape (9,) for n = 12 and 3 lags; got shape "
                      "{target_shape}.",
                      target_shape=target.shape)
    if X.shape != (9, 3):
        raise Mistake("X should have shape (n - n_lags, n_lags) = (9, 3); got {X_shape}.",
                      X_shape=X.shape)
    if close(X, right_X):
        return
    if any(close(X[:, j], target) for j in range(X.shape[1])):
        raise Mistake("Your features include y[t], the very value you forecast: that is leakage, "
                      "and the model will look perfect in training and fail in production. Use "
                      "y[t-1], ..., y[t-n_lags].")
    if close(X, right_X[:, ::-1]):
        raise Mistake("Columns are reversed: lag 1 (y[t-1]) comes first.")
    raise Mistake("The first row should be [y[2], y[1], y[0]] = {tolist}; got {tolist2}.",
                  tolist=right_X[0].tolist(), tolist2=X[0].tolist())


EXERCISES = [
    Exercise(10, 1, "image_features", "Image pixels to features", "function",
             "The image pipeline's processor turns each picture into a row for the softmax "
             "classifier, and the endpoint must turn a new picture into a row the same way. "
             "Implement `images_to_features(images)` to compute what chapter 10's processor "
             "computes, so that a dimmer or fainter copy of a shape gives the same features.",
             ("An estimator wants a 2-D array, one row per example. What should two images of "
              "the same cross, one twice as bright, have in common?",
              "Normalise each image by itself, to zero mean and unit variance, with its own mean "
              "and standard deviation (per row, not per pixel and not per batch). What happens "
              "for a blank image?",
              "flat = images.reshape(n, -1).astype(float); return (flat - flat.mean(axis=1, "
              "keepdims=True)) / (flat.std(axis=1, keepdims=True) + 1e-8)."),
             check_image_features),
    Exercise(10, 2, "bag_of_words", "A vocabulary and a bag of words", "function",
             "The text pipeline's processor learns a vocabulary and encodes every review for a "
             "logistic regression. Implement `bag_of_words(train_docs, docs, min_count)` doing "
             "what chapter 10's tokenising processor does: return the vocabulary learned from the "
             "training reviews and the features of `docs`, which may include reviews the "
             "vocabulary never saw.",
             ("Which reviews may the vocabulary be learned from, if the model is to be judged "
              "fairly on the others? And what does 'occurs in at least three reviews' count?",
              "Tokens are runs of letters of the lower-cased text. Count each word once per "
              "training review; keep the words with count >= min_count, sorted. The features "
              "say whether each vocabulary word occurs, not how often.",
              "For each training review add 1 for each word of set(re.findall(r'[a-z]+', "
              "doc.lower())); vocabulary = sorted(words with count >= min_count); X[i, j] = 1.0 "
              "if vocabulary[j] is among the tokens of docs[i]."),
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
