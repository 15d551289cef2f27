# expect: is the smallest job's wall time
def job_overhead(direct_seconds, job_seconds):
    return float(min(job_seconds))  # "the smallest job is almost all overhead"
