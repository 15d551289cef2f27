# expect: raise ValueError
def mini_batches(records, max_payload_bytes):
    batches, current, size = [], [], 0
    for record in records:
        if current and size + len(record) > max_payload_bytes:
            batches.append(current)
            current, size = [], 0
        current.append(record)
        size += len(record)
    if current:
        batches.append(current)
    return batches
