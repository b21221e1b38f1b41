"""Reusable widgets and delegates."""
