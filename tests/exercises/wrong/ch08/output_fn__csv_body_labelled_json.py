# expect: wrong content type for the body
def output_fn(prediction, accept):
    if accept not in ("text/csv", "application/json"):
        raise ValueError(accept)
    return "\n".join(str(v) for v in prediction), accept
