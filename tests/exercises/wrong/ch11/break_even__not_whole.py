# expect: a number of rows is a whole number
def break_even_rows(overhead_seconds, seconds_per_row, max_share=0.1):
    return overhead_seconds * (1 - max_share) / (max_share * seconds_per_row)
