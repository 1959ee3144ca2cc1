"""The office's analysis of any ``Period`` (``period.py``), for the complaints that pass the register's filters:
the figures (``figures.figures``), the cost of service recovery (``cost.cost``), both from one reading of the
period's complaints (``report.analyse``; the reading itself: ``tally.py``; without a filter but the period, from
the day tallies of migration 0021, ``day_tally.py``), and recovery from third parties (``recovery.py``). Plain
dataclasses; no Qt. The export of lists and tables to XLSX and CSV: ``export.py``."""
