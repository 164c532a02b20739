"""Periodic reports (NĐ 09/2019 months): which unit owes which report, completeness and timeliness,
the progress page's figures, and the approval workflow (submit, send back, approve, reopen).

Imports antt.writes, antt.data and antt.text.
"""
