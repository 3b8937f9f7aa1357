"""Labels: the concept map (``clvmodels.concepts``): concept names and the map page."""

LABELS: dict[str, dict[str, str]] = {}
