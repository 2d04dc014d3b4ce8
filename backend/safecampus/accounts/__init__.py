"""User accounts, managed by admins within their scope (and by the CLI)."""
