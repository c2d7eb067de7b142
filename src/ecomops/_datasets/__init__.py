"""Implementation of ecomops.datasets (private: import from the public module)."""
