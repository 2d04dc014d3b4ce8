"""Backups: the database and the photos in one archive, and a restore into an empty place."""
