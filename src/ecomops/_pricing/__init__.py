"""Implementation of ecomops.pricing (private: import from the public module)."""
