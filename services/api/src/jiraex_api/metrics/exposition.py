"""The Prometheus text exposition format (version 0.0.4), written by hand: the API adds no client library."""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Litestar appends "; charset=utf-8" to every text/* media type itself (it sent the parameter twice when it was
# written here too); scrapers receive "text/plain; version=0.0.4; charset=utf-8".
CONTENT_TYPE = "text/plain; version=0.0.4"


@dataclass(frozen=True)
class Sample:
    name: str
    value: float
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Family:
    """One metric: its name, ``gauge``/``counter``/``histogram`` type, help text and samples."""

    name: str
    kind: str
    help: str
    samples: Iterable[Sample]


def render(families: Iterable[Family]) -> str:
    lines: list[str] = []
    for family in families:
        lines.append(f"# HELP {family.name} {_escape_help(family.help)}")
        lines.append(f"# TYPE {family.name} {family.kind}")
        lines.extend(_sample_line(sample) for sample in family.samples)
    return "\n".join(lines) + "\n"


def format_value(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


def _sample_line(sample: Sample) -> str:
    if not sample.labels:
        return f"{sample.name} {format_value(sample.value)}"
    labels = ",".join(f'{key}="{_escape_label(value)}"' for key, value in sample.labels.items())
    return f"{sample.name}{{{labels}}} {format_value(sample.value)}"


def _escape_label(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _escape_help(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")
