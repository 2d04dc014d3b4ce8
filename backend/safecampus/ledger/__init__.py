"""The hazard ledger (台账) as spreadsheets: xlsx with thumbnails, and CSV."""
