"""Exercise 11.3: a managed platform or individual frameworks: who gets which advantage?"""

STATEMENTS = (
    "one consistent API for processing, training and hosting",
    "newest framework features the day they are released",
    "no servers to provision, patch or scale by hand",
    "full control over the training loop and the serving stack",
    "a different instance type chosen for each stage",
    "no lock-in to one cloud provider",
)


def classify_tradeoffs():
    """Return a dict mapping each of ``STATEMENTS`` to ``"platform"`` or ``"framework"``.

    ``"platform"``: an advantage of a unified managed platform such as SageMaker.
    ``"framework"``: an advantage of running individual frameworks yourself.

    Examples
    --------
    >>> classify_tradeoffs()["no lock-in to one cloud provider"]
    'framework'
    """
    # [solution] TODO: return {statement: "platform" or "framework", ...}
    return {
        "one consistent API for processing, training and hosting": "platform",
        "newest framework features the day they are released": "framework",
        "no servers to provision, patch or scale by hand": "platform",
        "full control over the training loop and the serving stack": "framework",
        "a different instance type chosen for each stage": "platform",
        "no lock-in to one cloud provider": "framework",
    }
    # [/solution]
