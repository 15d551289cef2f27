# expect: Every value in hyperparameters.json is a string
import json
def read_hyperparameters(path):
    with open(path) as f:
        return json.load(f)
