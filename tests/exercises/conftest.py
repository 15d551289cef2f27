"""The wrong answers under wrong/ are student files, not test modules: never import them here
(one of them does not even parse, on purpose)."""

collect_ignore_glob = ["wrong/*"]
