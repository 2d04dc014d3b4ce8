"""A unit's leadership and who holds which safety duty (第七条 to 第九条)."""
