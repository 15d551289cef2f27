# expect: contains a newline
def join_record(input_record, output_record, content_type):
    return f"{input_record},{output_record}"
