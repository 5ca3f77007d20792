"""Russian text helpers (issue 14 item 9): the one plural rule every count on the site goes through."""


def plural_form(n, one, few, many):
    """The word form agreeing with ``n``: 1, 21, 101 → ``one``; 2–4, 22–24 → ``few``; 0, 5–20, 11–14,
    25–30 … → ``many`` (Russian has three forms)."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def plural(n, one, few, many):
    """``plural(4, "практика", "практики", "практик")`` → «4 практики»."""
    return f"{n} {plural_form(n, one, few, many)}"


def split_forms(forms):
    """``"практика,практики,практик"`` → the three forms (a filter's argument)."""
    parts = [part.strip() for part in forms.split(",")]
    if len(parts) != 3:
        raise ValueError(f"three plural forms expected, got {forms!r}")
    return parts


def lower_first(label):
    """«Рабочий телефон» → «рабочий телефон» (a label inside a sentence, after «не хватает»); an
    abbreviation keeps its case: «ОКВЭД», «СНИЛС»."""
    label = str(label)
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def missing_list(labels):
    """The labels joined for a sentence: «не хватает должности, рабочего телефона» would need cases, so
    the platform writes «не хватает сведений — должность, рабочий телефон», in lower case (issue 14 item 9)."""
    return ", ".join(lower_first(label) for label in labels)
