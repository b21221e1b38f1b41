"""Pure domain logic over plain values: enums, money, dates, scoring and metrics.

Nothing in this package does I/O, opens a database session, or imports Qt.
"""
