# expect: Flatten each image row by row
import numpy as np
def images_to_features(images):
    images = np.asarray(images, dtype=float)
    flat = images.transpose(0, 2, 1).reshape(len(images), -1)  # column by column
    return (flat - flat.mean(axis=1, keepdims=True)) / (flat.std(axis=1, keepdims=True) + 1e-8)
