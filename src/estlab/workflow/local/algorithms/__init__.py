"""Amazon's built-in algorithms, run on this machine by estlab's own estimators (one per file)."""
