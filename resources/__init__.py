"""Bundled resources (icons, templates, fonts, style sheets, sample files).

Loaded with ``importlib.resources.files("resources")``, never by relative path.
"""
