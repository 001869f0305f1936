"""Permissions of the network pages (imported by registry/rules.py)."""
