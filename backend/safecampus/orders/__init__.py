"""Supervision orders (督办, 挂牌督办) over a school's overdue or major hazards."""
