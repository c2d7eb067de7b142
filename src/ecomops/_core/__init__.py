"""Shared pieces of every domain (private): validation, results, models, typing, statistics."""
