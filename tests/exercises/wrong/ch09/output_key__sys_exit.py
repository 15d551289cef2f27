# expect: called sys.exit
import sys
def output_key(input_key):
    sys.exit(0)
