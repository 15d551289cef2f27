# expect: dropped the last
def mini_batches(records, max_payload_bytes):
    batches, current, size = [], [], 0
    for record in records:
        if len(record) > max_payload_bytes:
            raise ValueError("too big")
        if current and size + len(record) > max_payload_bytes:
            batches.append(current)
            current, size = [], 0
        current.append(record)
        size += len(record)
    return batches
