"""The office's analysis of any ``Period`` (``period.py``), for the complaints that pass the register's filters:
the figures (``figures.figures``), the cost of service recovery (``cost.cost``), both from one reading of the
period's complaints (``report.analyse``; the reading itself: ``tally.py``), and recovery from third parties
(``recovery.py``); the export of lists and tables to XLSX and CSV (``export.py``). Plain dataclasses; no Qt."""
