# expect: is off by one: round up
def break_even_rows(overhead_seconds, seconds_per_row, max_share=0.1):
    return int(overhead_seconds * (1 - max_share) / (max_share * seconds_per_row))
