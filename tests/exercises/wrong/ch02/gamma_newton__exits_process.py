# expect: stopped unexpectedly (code 3)
import os
def gamma_shape_mle(x, tol=1e-10, max_iter=100):
    os._exit(3)
