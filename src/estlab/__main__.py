"""``python -m estlab`` is the ``estlab`` command (useful where the console script is not on PATH)."""

from estlab._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
