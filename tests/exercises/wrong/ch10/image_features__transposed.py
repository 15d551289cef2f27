# expect: one column per image
import numpy as np
def images_to_features(images):
    flat = np.asarray(images, dtype=float).reshape(len(images), -1)
    rows = (flat - flat.mean(axis=1, keepdims=True)) / (flat.std(axis=1, keepdims=True) + 1e-8)
    return rows.T
