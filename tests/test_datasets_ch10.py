"""Chapter 10's generated data sets: images, reviews and a seasonal count series."""

import csv

import numpy as np
import pytest
from PIL import Image
from scipy import stats

from estlab.datasets import (SHAPE_CLASSES, make_reviews, make_seasonal_counts, make_shapes,
                             read_pgm, seasonal_mean, write_counts_csv, write_image_folder,
                             write_reviews_csv)
from estlab.linear_model import LogisticRegression


# -- images --------------------------------------------------------------------------------
def test_shapes_are_balanced_bounded_and_seeded():
    images, labels = make_shapes(n=103, random_state=4)
    assert images.shape == (103, 8, 8) and labels.shape == (103,)
    assert np.bincount(labels).tolist() == [26, 26, 26, 25]
    assert images.min() >= 0.0 and images.max() <= 1.0
    again, _ = make_shapes(n=103, random_state=4)
    np.testing.assert_array_equal(images, again)
    other, _ = make_shapes(n=103, random_state=5)
    assert not np.array_equal(images, other)


def test_shape_classes_are_distinguishable_but_not_trivial():
    # Class means are the templates (blurred by the shifts): a nearest-mean rule on clean data
    # must do well, and the noise must make single pixels unreliable.
    images, labels = make_shapes(n=400, noise=0.15, random_state=0)
    X = images.reshape(len(images), -1)
    means = np.stack([X[labels == k].mean(axis=0) for k in range(4)])
    nearest = np.argmin(((X[:, None, :] - means[None]) ** 2).sum(-1), axis=1)
    assert np.mean(nearest == labels) > 0.8
    assert 0.05 < X.std(axis=0).mean() < 0.5


def test_pgm_files_read_back_with_pillow(tmp_path):
    # Pillow is an independent PGM reader.
    folder = write_image_folder(tmp_path / "raw", n=12, random_state=2)
    images, labels = make_shapes(n=12, random_state=2)
    files = sorted(folder.glob("*/*.pgm"))
    assert len(files) == 12
    for path in files:
        i = int(path.stem.split("-")[1])
        assert path.parent.name == SHAPE_CLASSES[labels[i]]
        with Image.open(path) as im:
            assert im.mode == "L" and im.size == (8, 8)
            pillow = np.asarray(im, dtype=float) / 255.0
        np.testing.assert_allclose(read_pgm(path), pillow)
        np.testing.assert_allclose(pillow, images[i], atol=0.5 / 255 + 1e-12)


def test_read_pgm_refuses_other_formats(tmp_path):
    path = tmp_path / "x.pgm"
    path.write_bytes(b"P2\n1 1\n255\n7\n")
    with pytest.raises(ValueError, match="binary 8-bit PGM"):
        read_pgm(path)


@pytest.mark.parametrize("bad", [0, -3, 2.5])
def test_make_shapes_rejects_bad_n(bad):
    with pytest.raises(ValueError, match="positive integer"):
        make_shapes(n=bad)


# -- text ----------------------------------------------------------------------------------
def test_reviews_labels_follow_the_sentiment_words():
    texts, labels = make_reviews(n=400, flip=0.0, random_state=1)
    assert len(texts) == 400 and np.bincount(labels).tolist() == [200, 200]
    from estlab.datasets import NEGATIVE_WORDS, POSITIVE_WORDS

    def score(text):
        words = text.lower().replace(",", " ").replace(".", " ").split()
        return sum(w in POSITIVE_WORDS for w in words) - sum(w in NEGATIVE_WORDS for w in words)

    scores = np.array([score(t) for t in texts])
    assert np.all(scores[labels == 1] >= 0) and np.all(scores[labels == 0] <= 0)
    assert np.mean(np.sign(scores) == 2 * labels - 1) > 0.85


def test_reviews_flip_rate_matches_binomial():
    _, clean = make_reviews(n=2000, flip=0.0, random_state=7)
    _, noisy = make_reviews(n=2000, flip=0.1, random_state=7)
    flips = int(np.sum(clean != noisy))
    # two-sided binomial test at the 0.1% level: the flip rate is the one asked for
    assert stats.binomtest(flips, 2000, 0.1).pvalue > 1e-3


def test_bag_of_words_logistic_regression_learns_reviews():
    texts, labels = make_reviews(n=300, random_state=0)
    vocab = sorted({w for t in texts for w in t.lower().replace(",", " ").replace(".", " ")
                    .split()})
    index = {w: j for j, w in enumerate(vocab)}
    X = np.zeros((len(texts), len(vocab)))
    for i, t in enumerate(texts):
        for w in t.lower().replace(",", " ").replace(".", " ").split():
            X[i, index[w]] = 1.0
    model = LogisticRegression(alpha=1.0).fit(X[:200], labels[:200])
    assert np.mean(model.predict(X[200:]) == labels[200:]) > 0.8


def test_reviews_csv_round_trips(tmp_path):
    path = write_reviews_csv(tmp_path / "d" / "reviews.csv", n=25, random_state=3)
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    texts, labels = make_reviews(n=25, random_state=3)
    assert [r["text"] for r in rows] == texts
    assert [int(r["sentiment"]) for r in rows] == labels.tolist()
    assert rows[0]["review_id"] == "R0001"


def test_make_reviews_rejects_half_flips():
    with pytest.raises(ValueError, match=r"flip must be in \[0, 0.5\)"):
        make_reviews(n=10, flip=0.5)


# -- time series ---------------------------------------------------------------------------
def test_seasonal_mean_closed_form():
    lam = seasonal_mean(400, level=10.0, trend=0.5, start="2024-01-03")  # a Wednesday
    t = np.arange(400)
    weekday = (2 + t) % 7
    effects = np.array([-0.20, -0.15, -0.10, 0.00, 0.10, 0.30, 0.05])
    expected = 10.0 * np.exp(0.5 * t / 365 + effects[weekday]
                             + 0.2 * np.sin(2 * np.pi * t / 365.25))
    np.testing.assert_allclose(lam, expected, rtol=1e-12)


def test_counts_are_poisson_around_the_mean():
    _, counts = make_seasonal_counts(n_days=3000, trend=0.0, random_state=11)
    lam = seasonal_mean(3000, trend=0.0)
    # Pearson statistic: sum (y - lam)^2 / lam ~ chi2(n) for Poisson data
    pearson = np.sum((counts - lam) ** 2 / lam)
    assert stats.chi2(3000).sf(pearson) > 1e-3 and stats.chi2(3000).cdf(pearson) > 1e-3
    # Saturday is the busiest weekday
    weekday = np.arange(3000) % 7
    assert np.argmax([counts[weekday == d].mean() for d in range(7)]) == 5


def test_counts_csv(tmp_path):
    path = write_counts_csv(tmp_path / "orders.csv", n_days=40, random_state=5)
    lines = path.read_text().splitlines()
    assert lines[0] == "date,orders" and len(lines) == 41
    dates, counts = make_seasonal_counts(n_days=40, random_state=5)
    assert lines[32] == f"{dates[31]},{counts[31]}" and dates[31] == "2024-02-01"


def test_seasonal_mean_validates():
    with pytest.raises(ValueError, match="level must be positive"):
        seasonal_mean(5, level=0.0)
    with pytest.raises(ValueError, match="n_days must be a positive integer"):
        seasonal_mean(0)
