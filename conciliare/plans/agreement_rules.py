"""agreement permissions (django-rules)."""
