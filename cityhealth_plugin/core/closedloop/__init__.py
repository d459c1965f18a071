"""The closed loop (治理闭环): lifecycle, work orders, returned status, round comparison, statistics.

Pure Python on plain rows (dicts); the Processing algorithms read the ledger and write the results.
"""
