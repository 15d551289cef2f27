# expect: stopped unexpectedly (code 3)
import os
def gamma_shape_mle(x, k0=None, tol=1e-10, max_iter=100):
    os._exit(3)
