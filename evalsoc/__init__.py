"""evalsoc: evaluating the utilité sociale of associations, explainably."""

__version__ = "0.1.0"
