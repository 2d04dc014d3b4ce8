"""Reference data of the measures: bureau sections (第十一条), hazard domains, duty templates."""
