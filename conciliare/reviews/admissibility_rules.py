"""admissibility permissions (django-rules)."""
