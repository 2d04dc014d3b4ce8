"""Supervision plans (督查计划, 第十六条) and their progress from the inspections done."""
