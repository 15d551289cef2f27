# expect: advantage of the framework
from_solution = {
    "one consistent API for processing, training and hosting": "platform",
    "newest framework features the day they are released": "framework",
    "no servers to provision, patch or scale by hand": "platform",
    "full control over the training loop and the serving stack": "framework",
    "a different instance type chosen for each stage": "platform",
    "no lock-in to one cloud provider": "platform",
}
def classify_tradeoffs():
    return dict(from_solution)
