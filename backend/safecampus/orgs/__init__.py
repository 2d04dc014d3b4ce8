"""The org tree and the scope rules built on it."""
