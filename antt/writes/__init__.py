"""The write protocol: one writer at a time under a lock, checks of a changed file (types,
approved-month locks), atomic replace, backups, the audit log, undo and recovery after a crash.

Imports antt.data and antt.text.
"""
