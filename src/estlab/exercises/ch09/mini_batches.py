"""Exercise 9.2: packing records into mini-batches (BatchStrategy MultiRecord)."""


def mini_batches(records, max_payload_bytes):
    """Group consecutive ``records`` (bytes) into requests of at most ``max_payload_bytes``.

    Greedy, in order: add records to the current batch while the batch's total size stays
    within the limit, then start a new one. Return a list of lists of records. A single record
    larger than the limit cannot be sent: raise ``ValueError`` naming its index and size.

    Examples
    --------
    >>> mini_batches([b"1,2\\n", b"3,4\\n", b"5,6\\n"], max_payload_bytes=8)
    [[b'1,2\\n', b'3,4\\n'], [b'5,6\\n']]
    """
    # [solution] TODO: loop over the records, keeping the current batch and its size
    batches, current, size = [], [], 0
    for i, record in enumerate(records):
        if len(record) > max_payload_bytes:
            raise ValueError(f"record {i} has {len(record)} bytes, more than MaxPayloadInMB "
                             f"allows ({max_payload_bytes} bytes)")
        if current and size + len(record) > max_payload_bytes:
            batches.append(current)
            current, size = [], 0
        current.append(record)
        size += len(record)
    if current:
        batches.append(current)  # the last, partly filled batch
    return batches
    # [/solution]
