# expect: min_count counts reviews
import collections
import re
import numpy as np
def bag_of_words(train_docs, docs, min_count=3):
    counts = collections.Counter(t for doc in train_docs
                                 for t in re.findall(r"[a-z]+", doc.lower()))
    vocabulary = sorted(w for w, c in counts.items() if c >= min_count)
    X = np.zeros((len(docs), len(vocabulary)))
    for i, doc in enumerate(docs):
        for token in re.findall(r"[a-z]+", doc.lower()):
            if token in vocabulary:
                X[i, vocabulary.index(token)] = 1.0
    return vocabulary, X
