"""The office: escalated cases and, later, administration."""
