# expect: includes the fit itself
import numpy as np
def job_overhead(direct_seconds, job_seconds):
    return float(np.mean(job_seconds))  # the jobs' average wall time
