"""SageMaker's built-in algorithms, run locally: one module per algorithm image (no user script).

XGBoost runs on the real ``xgboost`` package; Linear Learner runs on estlab's own GLMs.
"""
