# expect: A blank image (every pixel the same) has standard deviation 0
import numpy as np
def images_to_features(images):
    flat = np.asarray(images, dtype=float).reshape(len(images), -1)
    return (flat - flat.mean(axis=1, keepdims=True)) / flat.std(axis=1, keepdims=True)
