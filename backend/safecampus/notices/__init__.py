"""Notices: who is told what, when (rules, job), and the in-app inbox."""
