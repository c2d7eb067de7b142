"""Implementation of ecomops.seo (private: import from the public module)."""
