"""The bureau dashboard: the ledger's figures for a unit's subtree and a period."""
