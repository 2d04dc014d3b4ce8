"""Accountability and commendation (第十七条 to 第二十四条): signals computed from the data,
cases decided by a bureau with authority over the subject, commendations, and the effect
of a decided case on the year's ratings (第二十一条)."""
