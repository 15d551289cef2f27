# expect: serial fraction
def speedup(n_instances, parallel_fraction):
    return float(n_instances)
