"""LKjIP pipeline: from raw BPS/IKM/budget data to a validated yearly performance report.

Logic lives in this package; the notebooks under ``notebooks/`` call it and present results.
"""

__version__ = "0.1.0"
