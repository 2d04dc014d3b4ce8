"""Safety incidents, cases and events (事故、案件、事件): reported by the unit, judged above it."""
