# expect: raise ValueError for a content type you do not support
import io, json
import numpy as np
def input_fn(request_body, request_content_type):
    if isinstance(request_body, bytes) and request_content_type != "application/x-npy":
        request_body = request_body.decode()
    if request_content_type == "text/csv":
        return np.loadtxt(io.StringIO(request_body), delimiter=",", ndmin=2)
    if request_content_type == "application/json":
        return np.atleast_2d(np.array(json.loads(request_body), dtype=float))
    if request_content_type == "application/x-npy":
        return np.load(io.BytesIO(request_body), allow_pickle=False)
