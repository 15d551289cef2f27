"""Exercise 10.1: images to feature vectors, the image pipeline's processing step."""

import numpy as np


def images_to_features(images):
    """Turn ``images`` (shape (n, height, width), pixel values 0..maxval) into features.

    Return a float array of shape (n, height * width), one row per image, computed the
    way chapter 10's image processor computes the rows it gives the softmax classifier,
    so that differences in brightness and contrast between images do not become
    features. The same function must also work on one new image at serving time, when no
    training set is at hand, and on a blank image (every pixel equal).

    Examples
    --------
    >>> features = images_to_features(np.array([[[0, 255], [51, 102]]], dtype=np.uint8))
    >>> features.shape
    (1, 4)
    """
    # [solution] TODO: one row per image, made comparable across images
    images = np.asarray(images, dtype=float)
    flat = images.reshape(len(images), -1)  # image i -> row i, pixels row by row
    mean = flat.mean(axis=1, keepdims=True)
    std = flat.std(axis=1, keepdims=True)
    return (flat - mean) / (std + 1e-8)  # per-image normalisation; 1e-8: blank images
    # [/solution]
