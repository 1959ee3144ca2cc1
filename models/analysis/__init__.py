"""The office's analysis: figures for a period, the cost of service recovery, the work summary."""
