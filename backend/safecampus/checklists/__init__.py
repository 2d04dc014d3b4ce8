"""Checklist templates: the library in seeds/checklists/, versioned in the database."""
