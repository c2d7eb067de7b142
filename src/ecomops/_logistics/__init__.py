"""Implementation of ecomops.logistics (private: import from the public module)."""
