"""Permissions of the committee pages (imported by registry/rules.py)."""
