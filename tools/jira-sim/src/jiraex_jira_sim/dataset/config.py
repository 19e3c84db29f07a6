"""Knobs of the generated Jira dataset."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DatasetConfig:
    """Size and shape of a dataset; the same config always yields byte-identical data."""

    seed: int = 1
    issues: int = 1000
    projects: int = 4
    # every heavy_every-th issue carries hundreds of comments/histories and many worklogs
    heavy_every: int = 97
    max_attachment_bytes: int = 20 * 1024 * 1024
    users: int = 40

    def __post_init__(self) -> None:
        if self.issues < 0:
            raise ValueError("issues must be >= 0")
        if self.projects < 1:
            raise ValueError("projects must be >= 1")
        if self.heavy_every < 1:
            raise ValueError("heavy_every must be >= 1")
        if self.max_attachment_bytes < 0:
            raise ValueError("max_attachment_bytes must be >= 0")
        if self.users < 4:
            raise ValueError("users must be >= 4")
