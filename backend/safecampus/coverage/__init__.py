"""Inspection coverage over the term calendar: the term inspections of 第十五条 and the supervision of 第十六条."""
