"""ranking permissions (django-rules)."""
