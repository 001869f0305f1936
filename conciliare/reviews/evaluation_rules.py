"""evaluation permissions (django-rules)."""
