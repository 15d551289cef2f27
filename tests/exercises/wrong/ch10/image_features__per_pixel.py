# expect: You standardised each pixel (column) across the images
import numpy as np
def images_to_features(images):
    flat = np.asarray(images, dtype=float).reshape(len(images), -1)
    return (flat - flat.mean(axis=0)) / (flat.std(axis=0) + 1e-8)  # like StandardScaler
