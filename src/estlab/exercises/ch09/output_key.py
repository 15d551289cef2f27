"""Exercise 9.1: the name of a batch transform output file."""


def output_key(input_key):
    """Return the key of the output object batch transform writes for ``input_key``.

    Keys are relative to the input prefix, e.g. ``"2024/05/part-1.csv"``; outputs go to the same
    relative key under the output path.

    Examples
    --------
    >>> output_key("part-1.csv")
    'part-1.csv.out'
    """
    # [solution] TODO: one line
    return f"{input_key}.out"
    # [/solution]
