"""Implementation of ecomops.segmentation (private: import from the public module)."""
