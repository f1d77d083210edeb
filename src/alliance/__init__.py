"""Alliance: run a humanitarian multi-stakeholder coalition, transparently."""

__version__ = "0.1.0"
