"""Bulk import of schools and users from the spreadsheets bureaus keep (xlsx or CSV)."""
