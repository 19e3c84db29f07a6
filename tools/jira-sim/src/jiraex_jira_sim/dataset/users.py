"""The user pool: Cloud accountIds and Server name/key pairs for the same people."""

from dataclasses import dataclass

from jiraex_jira_sim.dataset.rng import Stream, mix

_SPECIAL_NAMES: tuple[str, ...] = (
    "Administrator",
    "José Núñez",
    "李雷",
    "محمد الأحمد",
    "דוד כהן",
    "Zoë O'Brien",
    "Émilie 😀 Dubois",
    "<b>Bold</b> Name",
    '=HYPERLINK("http://x","Ada")',
    "Ærøskøbing Ølsen",
)
_FIRST = ("Mia", "Noah", "Ava", "Liam", "Sofia", "Lucas", "Chloé", "Mateo", "Hana", "Omar", "Ingrid", "Kenji")
_LAST = ("Krystof", "Smith", "Müller", "García", "Rossi", "Nowak", "Tanaka", "Silva", "Larsen", "Kowalski")
_TIME_ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Asia/Jerusalem", "Australia/Sydney")
_LOCALES = ("en_US", "de_DE", "fr_FR", "ja_JP", "he_IL", "en_GB")


@dataclass(frozen=True, slots=True)
class UserInfo:
    index: int
    display_name: str
    account_id: str
    account_type: str  # "atlassian" or "app"
    name: str
    key: str
    email: str
    email_visible: bool
    active: bool
    time_zone: str
    locale: str


def _ascii_slug(index: int, display: str) -> str:
    letters = "".join(ch.lower() for ch in display if ch.isascii() and ch.isalpha())
    return f"{letters[:12] or 'user'}{index}"


def build_users(seed: int, count: int) -> tuple[UserInfo, ...]:
    """Deterministic pool; the last user is an automation app account (Cloud accountType "app")."""
    users = []
    for idx in range(count):
        h = mix(seed, Stream.USERS, idx)
        if idx == count - 1:
            display = "Automation for Jira"
        elif idx < len(_SPECIAL_NAMES):
            display = _SPECIAL_NAMES[idx]
        else:
            display = f"{_FIRST[h % len(_FIRST)]} {_LAST[(h >> 8) % len(_LAST)]}"
        if idx % 5 == 4:
            hexa = f"{h:016x}{mix(h, 1):016x}"
            account_id = f"712020:{hexa[:8]}-{hexa[8:12]}-{hexa[12:16]}-{hexa[16:20]}-{hexa[20:32]}"
        else:
            account_id = f"{h:016x}{mix(h, 2):016x}"[:24]
        name = "admin" if idx == 0 else ("automation" if idx == count - 1 else _ascii_slug(idx, display))
        users.append(
            UserInfo(
                index=idx,
                display_name=display,
                account_id=account_id,
                account_type="app" if idx == count - 1 else "atlassian",
                name=name,
                # Jira Server gives users created after 8.x keys like JIRAUSER10100; older ones key == name
                key=f"JIRAUSER{10100 + idx}" if idx % 3 == 2 else name,
                email=f"{name}@example.com",
                email_visible=idx % 4 != 3,
                active=idx % 11 != 7,
                time_zone=_TIME_ZONES[idx % len(_TIME_ZONES)],
                locale=_LOCALES[idx % len(_LOCALES)],
            )
        )
    return tuple(users)
