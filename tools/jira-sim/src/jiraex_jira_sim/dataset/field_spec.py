"""The `fields` request parameter: *all, *navigable, id, key, field ids and -exclusions."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A parsed `fields` parameter; `select` resolves it against the fields an issue has."""

    all: bool = False
    navigable: bool = False
    explicit: tuple[str, ...] = ()
    excluded: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, raw: Iterable[str] | str | None, default: str = "*all") -> "FieldSpec":
        """Values may repeat and each may be comma-separated; an empty parameter means `default`.

        Unknown ids are kept (Jira ignores them silently). "id" and "key" are always returned, so they only
        suppress the default. A parameter made of exclusions only applies them to the default.
        """
        values = [raw] if isinstance(raw, str) else list(raw or ())
        tokens = [t.strip() for v in values for t in v.split(",") if t.strip()]
        if not tokens:
            tokens = [t.strip() for t in default.split(",") if t.strip()]
        positives = [t for t in tokens if not t.startswith("-")]
        if not positives:
            positives = [t.strip() for t in default.split(",") if t.strip()]
        excluded = frozenset(t[1:] for t in tokens if t.startswith("-") and len(t) > 1)
        explicit = tuple(dict.fromkeys(t for t in positives if t not in ("*all", "*navigable", "id", "key")))
        return cls(
            all="*all" in positives,
            navigable="*navigable" in positives,
            explicit=explicit,
            excluded=excluded,
        )

    def select(self, available: Sequence[str], navigable: frozenset[str]) -> list[str]:
        """The field ids to render, in catalog order; explicitly named unknown ids are dropped."""
        wanted = set(self.explicit)
        chosen = [
            f
            for f in available
            if f not in self.excluded and (self.all or f in wanted or (self.navigable and f in navigable))
        ]
        return chosen

    @property
    def is_empty(self) -> bool:
        """True for `fields=id` / `fields=key`: the issue object has no `fields` member worth sending."""
        return not (self.all or self.navigable or self.explicit)
