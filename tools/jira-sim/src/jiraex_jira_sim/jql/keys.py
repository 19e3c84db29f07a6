"""Issue keys as JQL compares them: project key, then the issue number as a number."""


def split_issue_key(text: str) -> tuple[str, int] | None:
    """`("PROJ", 12)` for "proj-12"; None when `text` is not shaped like an issue key."""
    project, dash, number = text.rpartition("-")
    if not dash or not project or not number.isascii() or not number.isdigit():
        return None
    if not project[0].isascii() or not project[0].isalpha():
        return None
    if not all(char.isascii() and (char.isalnum() or char == "_") for char in project):
        return None
    return project.upper(), int(number)


def issue_key_parts(key: str) -> tuple[str, int]:
    """The parts of a key the dataset produced (trusted to be well formed), for fast comparisons."""
    project, _, number = key.rpartition("-")
    return project.upper(), int(number)
