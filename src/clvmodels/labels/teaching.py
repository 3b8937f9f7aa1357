"""Labels: exercises and solutions shared by the teaching notebooks."""

LABELS: dict[str, dict[str, str]] = {
    "exercise": {"en": "Exercise", "zh": "练习"},
    "exercises": {"en": "Exercises", "zh": "练习"},
    "solution": {"en": "Solution", "zh": "参考答案"},
}
