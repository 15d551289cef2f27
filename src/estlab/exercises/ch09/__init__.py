"""Chapter 9 exercises: batch transform."""

import json

from estlab.exercises._exercise import Exercise, Mistake


def check_output_key(student):
    output_key = student.function("output_key")
    for key in ("part-1.csv", "2024/05/data.jsonl", "records"):
        got = output_key(key)
        right = key + ".out"
        if got == right:
            continue
        if isinstance(got, str) and got.endswith(".out") and got != right:
            raise Mistake("output_key({key!r}) = {got!r}: batch transform APPENDS .out to the "
                          "full input name (keeping its extension and sub-folders): {right!r}.",
                          key=key, got=got, right=right)
        raise Mistake("output_key({key!r}) should be {right!r}; got {got!r}.",
                      key=key, right=right, got=got)


def _expected(records, limit):
    batches, current, size = [], [], 0
    for record in records:
        if current and size + len(record) > limit:
            batches.append(current)
            current, size = [], 0
        current.append(record)
        size += len(record)
    return batches + ([current] if current else [])


def check_mini_batches(student):
    mini_batches = student.function("mini_batches")
    records = [f"{i},{i * i}\n".encode() for i in range(1, 40)]
    for limit in (20, 64, 1000, len(records[-1])):
        got = mini_batches(list(records), limit)
        right = _expected(records, limit)
        if got == right:
            continue
        if not isinstance(got, list) or not all(isinstance(b, list) for b in got):
            raise Mistake("mini_batches should return a list of lists of records; got {type_name}.",
                          type_name=type(got).__name__)
        flat = [r for batch in got for r in batch]
        if flat == records[: len(flat)] and len(flat) < len(records):
            raise Mistake("You dropped the last {value} record(s): append the final, partly "
                          "filled batch after the loop.",
                          value=len(records) - len(flat))
        if sorted(flat) == sorted(records) and flat != records:
            raise Mistake("Keep the records in order: batch transform preserves record order.")
        too_big = [sum(map(len, b)) for b in got if sum(map(len, b)) > limit]
        if too_big:
            raise Mistake("A batch holds {too_big_0} bytes, more than max_payload_bytes={limit}: "
                          "check the size BEFORE adding a record (size + len(record) > limit "
                          "starts a new batch).",
                          too_big_0=too_big[0], limit=limit)
        if any(not b for b in got):
            raise Mistake("You produced an empty batch; never send an empty request.")
        raise Mistake("With max_payload_bytes={limit} expected {n_right} batches (greedy, in "
                      "order); got {n_got}. A batch may be exactly the limit.",
                      limit=limit, n_right=len(right), n_got=len(got))
    try:
        got = mini_batches([b"1\n", b"x" * 50, b"2\n"], 10)
    except ValueError:
        return
    raise Mistake("A record of 50 bytes with max_payload_bytes=10 cannot be sent: raise ValueError "
                  "(SageMaker fails the job) instead of returning it in an oversized batch.")


def check_join_source(student):
    join = student.function("join_record")
    cases = [("1.0,2.0\n", "0.7\n", "text/csv", "1.0,2.0,0.7"),
             ("5,6,7", "1,0.25", "text/csv", "5,6,7,1,0.25"),
             ('{"id": 3, "x": [1, 2]}\n', "0.7\n", "application/jsonlines",
              {"id": 3, "x": [1, 2], "SageMakerOutput": 0.7}),
             ("[1, 2]", '{"label": 1}', "application/jsonlines",
              {"SageMakerInput": [1, 2], "SageMakerOutput": {"label": 1}})]
    for source, output, content_type, right in cases:
        got = join(source, output, content_type)
        if not isinstance(got, str):
            raise Mistake("join_record should return a line of text; got {type_name}.",
                          type_name=type(got).__name__)
        if "\n" in got:
            raise Mistake("join_record({source!r}, {output!r}, ...) = {got!r} contains a newline: "
                          "strip the records' trailing newlines first.",
                          source=source, output=output, got=got)
        if content_type == "text/csv":
            if got == right:
                continue
            if got == f"{output.strip()},{source.strip()}":
                raise Mistake("For CSV the input columns come first, then the output columns.")
            raise Mistake("join_record({source!r}, {output!r}, 'text/csv') should be {right!r}; "
                          "got {got!r}.",
                          source=source, output=output, right=right, got=got)
        try:
            decoded = json.loads(got)
        except ValueError:
            raise Mistake("For application/jsonlines the joined line must be JSON; got {got!r}.",
                          got=got) from None
        if decoded == right:
            continue
        if isinstance(decoded, dict) and decoded.get("SageMakerOutput") == output.strip():
            raise Mistake("SageMakerOutput holds the output as a string; decode it with "
                          "json.loads first.")
        raise Mistake("join_record({source!r}, {output!r}, 'application/jsonlines') should decode "
                      "to {right}; got {decoded}. A JSON object input gets the key "
                      "SageMakerOutput; anything else is wrapped as SageMakerInput.",
                      source=source, output=output, right=right, decoded=decoded)


EXERCISES = [
    Exercise(9, 1, "output_key", "Where batch transform writes", "quantity",
             "Batch transform writes one output object per input object. Implement "
             "`output_key(input_key)` returning its name.",
             ("Look at the output folder of a local `Transformer.transform` run.",
              "The input name is kept whole, extension and sub-folders included.",
              "input_key + '.out'"),
             check_output_key),
    Exercise(9, 2, "mini_batches", "MultiRecord mini-batches", "function",
             "With `SplitType=\"Line\"` and `BatchStrategy=\"MultiRecord\"`, batch transform packs "
             "records into requests of at most `MaxPayloadInMB`. Implement "
             "`mini_batches(records, max_payload_bytes)`.",
             ("Keep a current batch and its size; decide before adding each record.",
              "Start a new batch when size + len(record) > limit; after the loop, keep the last "
              "batch.",
              "A single record over the limit: raise ValueError(f'record {i} has {len(record)} "
              "bytes')."),
             check_mini_batches),
    Exercise(9, 3, "join_source", "JoinSource: predictions next to their inputs", "function",
             "With `join_source=\"Input\"`, batch transform writes each prediction next to its "
             "input record. Implement `join_record(input_record, output_record, content_type)` "
             "for CSV and JSON lines.",
             ("Records arrive with their newline; the joined record is one line.",
              "CSV: input columns, then output columns. JSON: decode both lines first.",
              "A dict input gets {'SageMakerOutput': output}; anything else becomes "
              "{'SageMakerInput': input, 'SageMakerOutput': output}."),
             check_join_source),
]
