"""Checklist inspections submitted from the field, idempotent by the client's id."""
