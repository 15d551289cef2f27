# expect: is where the work equals the overhead
import math
def break_even_rows(overhead_seconds, seconds_per_row, max_share=0.1):
    return math.ceil(overhead_seconds / seconds_per_row)
