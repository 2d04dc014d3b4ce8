"""Synthetic history for scale runs (`safecampus demo --scale N`): N schools with five
years of inspections, item results, hazards and rectifications, loaded in bulk."""
