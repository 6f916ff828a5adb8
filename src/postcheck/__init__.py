"""postcheck: check a civil servant's draft post against the guidelines before posting."""

__version__ = "0.1.0"
