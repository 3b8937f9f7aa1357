"""Labels: models."""

LABELS: dict[str, dict[str, str]] = {}
