"""Archer: The Fall. A terminal whodunit and a YAML toolkit for branching mysteries."""

__version__ = "0.1.0"
