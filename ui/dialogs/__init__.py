"""Editors (with validation next to each field), the welcome, about and shortcut dialogs."""
