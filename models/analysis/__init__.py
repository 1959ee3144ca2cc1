"""Analysis of the complaints: figures, costs and exports for the office (no Qt)."""
