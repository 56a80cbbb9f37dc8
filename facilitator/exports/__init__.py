"""Exports: attendance (XLSX, CSV, the PDF sign-in sheet, JSON) and mentoring reports.

Start at `jobs.run_export(desk, ExportRequest(...))`. Every attendance format is drawn from one
`attendance.AttendanceTable`, so the numbers in the XLSX, the CSV, the PDF and the JSON agree
with each other and with the check-in desk.
"""
