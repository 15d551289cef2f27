"""SageMaker's built-in algorithms, run locally: one module per algorithm image (no user script)."""
