"""Exercise 6.1: standardise features with the training split's statistics only."""

import numpy as np


def standardize(train, test):
    """Return ``(train_z, test_z)``: both splits with their features standardised.

    Both arrays have the target in column 0 (SageMaker's convention: CSV without header,
    target first) and features in the other columns. Leave the target unchanged;
    standardise each feature as scikit-learn's StandardScaler would in a pipeline fitted
    on the training split. The test split stands for data the model has never seen: it
    must not influence anything.

    Examples
    --------
    >>> train = np.array([[1.0, 0.0], [0.0, 2.0]])
    >>> test = np.array([[1.0, 4.0]])
    >>> standardize(train, test)
    (array([[ 1., -1.],
           [ 0.,  1.]]), array([[1., 3.]]))
    """
    # [solution] TODO: standardise the features of both splits, leaking nothing
    train = np.asarray(train, dtype=float)
    test = np.asarray(test, dtype=float)
    mean = train[:, 1:].mean(axis=0)
    sd = train[:, 1:].std(axis=0)
    train_z, test_z = train.copy(), test.copy()
    train_z[:, 1:] = (train[:, 1:] - mean) / sd
    test_z[:, 1:] = (test[:, 1:] - mean) / sd  # training statistics: no leakage
    return train_z, test_z
    # [/solution]
