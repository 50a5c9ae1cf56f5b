"""unvotes: the recorded votes of the UN General Assembly and Security Council, as software."""

__version__ = "0.1.0"
