# expect: lower-case the text
import re
import numpy as np
def bag_of_words(train_docs, docs, min_count=3):
    counts = {}
    for doc in train_docs:
        for word in set(re.findall(r"[a-z]+", doc)):  # 'Great' is never seen as 'great'
            counts[word] = counts.get(word, 0) + 1
    vocabulary = sorted(w for w, c in counts.items() if c >= min_count)
    X = np.zeros((len(docs), len(vocabulary)))
    for i, doc in enumerate(docs):
        for token in re.findall(r"[a-z]+", doc):
            if token in vocabulary:
                X[i, vocabulary.index(token)] = 1.0
    return vocabulary, X
