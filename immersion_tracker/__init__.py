"""The ``immersion-tracker`` command: the composition root that wires the packages together."""
