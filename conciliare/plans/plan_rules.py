"""plan permissions (django-rules)."""
