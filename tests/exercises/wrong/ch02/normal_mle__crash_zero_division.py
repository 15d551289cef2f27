# expect: your code raised ZeroDivisionError
def normal_mle(x):
    n = 0
    return len(x) / n, 1.0
