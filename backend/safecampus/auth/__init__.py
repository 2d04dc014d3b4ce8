"""Sign-in, bearer tokens, and who the caller is."""
