"""LKjIP pipeline: from raw BPS/IKM/budget data to a validated yearly performance report.

Logic lives in this package; the notebooks under ``notebooks/`` call it and present results.
The processes that run it set how pandas stores text (:mod:`pipeline.run.textcols`).
"""

__version__ = "0.1.0"
