# expect: whether a word occurs
import re
import numpy as np
def bag_of_words(docs, vocabulary):
    out = np.zeros((len(docs), len(vocabulary)), dtype=int)
    for i, d in enumerate(docs):
        tokens = set(re.findall(r"[a-z]+", d.lower()))
        for j, w in enumerate(vocabulary):
            out[i, j] = int(w in tokens)
    return out
