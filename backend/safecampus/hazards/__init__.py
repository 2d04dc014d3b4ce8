"""The hazard ledger (台账) and its closed loop (实销号)."""
