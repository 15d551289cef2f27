# expect: lower-case the text first
import re
import numpy as np
def bag_of_words(docs, vocabulary):
    out = np.zeros((len(docs), len(vocabulary)), dtype=int)
    for i, d in enumerate(docs):
        tokens = re.findall(r"[A-Za-z]+", d)
        for j, w in enumerate(vocabulary):
            out[i, j] = tokens.count(w)
    return out
