"""Implementation of ecomops.money (private: import from the public module)."""
