"""Responsibility lists (安全管理责任清单, 第七条(三)), their half-year review (第十二条) and the
leaders' year-end duty report (述职, 第十三条)."""
