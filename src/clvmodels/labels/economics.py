"""Labels: economics."""

LABELS: dict[str, dict[str, str]] = {}
