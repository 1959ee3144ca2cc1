"""The office's analysis: figures for any period (``figures``), the cost of service recovery (``cost``), on
the complaints of a ``Period`` that pass the register's filters. Plain dataclasses; no Qt."""
