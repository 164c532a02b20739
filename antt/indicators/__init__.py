"""What the dashboard pages show: the view (filters, periods, cùng kỳ), KPI cards, descriptions of
a view, tables with Vietnamese headers, charts, the meeting screen's layout, the data page's
record tables.

Imports antt.data and antt.text.
"""
