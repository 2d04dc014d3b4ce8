"""Annual safety reports (第十四条): generated from the data, written up by the unit, frozen
at submission and reviewed by the parent unit's safety committee office."""
