# expect: more than max_payload_bytes
def mini_batches(records, max_payload_bytes):
    batches, current, size = [], [], 0
    for record in records:
        if len(record) > max_payload_bytes:
            raise ValueError("too big")
        current.append(record)
        size += len(record)
        if size > max_payload_bytes:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    return batches
