"""The audit trail: one path for recording writes, and verification of the hash chain."""
