"""Exercise 10.1: images to feature vectors, the image pipeline's processing step."""

import numpy as np


def images_to_features(images):
    """Turn ``images`` (uint8, shape (n, height, width), values 0..255) into features.

    Return a float array of shape (n, height * width) with values in [0, 1]: row i is image i
    flattened row by row, each pixel divided by 255.

    Examples
    --------
    >>> images_to_features(np.array([[[0, 255], [51, 102]]], dtype=np.uint8))
    array([[0. , 1. , 0.2, 0.4]])
    """
    # [solution] TODO: reshape, convert to float, scale
    images = np.asarray(images)
    return images.reshape(len(images), -1).astype(float) / 255.0
    # [/solution]
