"""The algorithm tests import their protobuf oracle (record_proto.py) from this folder."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
