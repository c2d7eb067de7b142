"""Implementation of ecomops.inventory (private: import from the public module)."""
