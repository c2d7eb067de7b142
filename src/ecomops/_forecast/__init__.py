"""Implementation of ecomops.forecast (private: import from the public module)."""
