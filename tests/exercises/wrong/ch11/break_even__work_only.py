# expect: compares the overhead with the work alone
import math
def break_even_rows(overhead_seconds, seconds_per_row, max_share=0.1):
    return math.ceil(overhead_seconds / (max_share * seconds_per_row))  # overhead <= share * work
