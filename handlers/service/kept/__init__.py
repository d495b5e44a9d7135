"""The kept items: what a user's entries give besides themselves, defined once (see ``derive``)."""
