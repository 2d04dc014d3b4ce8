"""SafeCampus: the school safety responsibility system of a city education bureau."""

__version__ = "0.1.0"
