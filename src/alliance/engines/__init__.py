"""Plain-Python engines (no Django import): screening, Merkle log, credentials,
risk rule, vote tally and tier schedule. Each is usable and testable alone."""
