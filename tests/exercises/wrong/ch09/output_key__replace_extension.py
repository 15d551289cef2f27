# expect: APPENDS .out
def output_key(input_key):
    stem = input_key.rsplit(".", 1)[0]
    return stem + ".out"
