"""Loading the human-editable TOML files of seeds/ into the database, idempotently."""
