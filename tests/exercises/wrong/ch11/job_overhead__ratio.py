# expect: That is a ratio job / direct
import numpy as np
def job_overhead(direct_seconds, job_seconds):
    return float(np.median(np.asarray(job_seconds) / np.asarray(direct_seconds)))
