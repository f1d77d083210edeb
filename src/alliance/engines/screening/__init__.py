"""Sanctions and watch-list screening engine (plain Python, no Django).

Loaders turn official list files into :class:`~.model.ListEntry` records; the
matcher normalises names, indexes them and scores queries with explanations.
"""
