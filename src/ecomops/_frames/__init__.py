"""Implementation of ecomops.frames (private: import from the public module)."""
