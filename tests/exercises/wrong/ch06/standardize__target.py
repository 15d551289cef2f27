# expect: Leave the target
import numpy as np
def standardize(train, test):
    m, s = train.mean(axis=0), train.std(axis=0)
    return (train - m) / s, (test - m) / s
