"""Implementation of ecomops.funnel (private: import from the public module)."""
