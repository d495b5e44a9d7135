"""Importing histories from our own export and from other trackers' exports (see ``runner``)."""
