"""Photo evidence: validated by content, metadata read, re-encoded clean, stored by hash."""
