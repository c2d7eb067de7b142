"""Plots of ecomops results with matplotlib (private; see `ecomops.plot`)."""
