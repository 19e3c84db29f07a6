"""The worker's AsyncAPI document, generated from its FastStream broker with msgspec payload schemas.

Regenerate the committed file with ``python -m jiraex_extractor_worker.asyncapi docs/asyncapi.yaml``;
a test fails when it drifts from the code.

FastStream builds payload schemas with pydantic from handler signatures. Our handlers take the raw
message (so invalid bodies get our own error text) and our publishers send pre-encoded bytes, so
FastStream sees no payload type; this module replaces each message's payload with the JSON Schema
msgspec generates for the contract Struct (``msgspec.json.schema_components``), keyed by Struct name.
"""

import inspect
import sys
from collections.abc import Mapping, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import msgspec
import yaml
from faststream.specification import AsyncAPI

from jiraex_extractor_worker.app import create_worker_transport
from jiraex_extractor_worker.queues import CONSUMED_QUEUES
from jiraex_shared.bus.delivery_policy import ERROR_HEADER
from jiraex_shared.bus.rabbit_bus import CONTENT_TYPE
from jiraex_shared.contracts import DELIVERY_LIMIT, ROUTES, Message
from jiraex_shared.settings import Settings

REGENERATE = "python -m jiraex_extractor_worker.asyncapi docs/asyncapi.yaml"
# The document describes the contract, not a deployment: a neutral server address.
DOCUMENTED_BROKER_URL = "amqp://localhost:5672/"
SCHEMA_REF = "#/components/schemas/{name}"

DESCRIPTION = "\n\n".join(
    (
        "Commands the extractor worker consumes, and the commands and events services publish.",
        f"Publish JSON bodies (content type `{CONTENT_TYPE}`) with delivery mode 2 (persistent) and publisher "
        "confirms to the exchange and routing key of a channel below; the `type` field names the message. "
        "An `export.requested` from another system names a stored connection by id, never credentials, and "
        "may carry an `idempotency_key`: the same key twice runs one job.",
        "A body that is not valid JSON, has an unknown `type` or breaks the schema is moved at once to the "
        f"queue `jiraex.dead-letters` with the validation error in the header `{ERROR_HEADER}`; it is never "
        "retried. A message whose processing fails transiently is retried, at most "
        f"{DELIVERY_LIMIT + 1} deliveries in all, then dead-lettered.",
        f"Generated from the code; regenerate with `{REGENERATE}`.",
    )
)


def build_asyncapi_document() -> dict[str, Any]:
    """The AsyncAPI 3.0 document of the worker's broker, with contract payload schemas, keys sorted."""
    broker = create_worker_transport(Settings(rabbitmq_url=DOCUMENTED_BROKER_URL)).broker
    specification = AsyncAPI(
        broker,
        title="Jira Issue Extractor broker contract",
        version=version("jira-issue-extractor"),
        description=DESCRIPTION,
    ).to_specification()
    document: dict[str, Any] = specification.to_jsonable()
    structs = _channel_structs()
    messages = document["components"]["messages"]
    for channel_name, channel in document["channels"].items():
        struct = structs[channel_name]
        for reference in channel["messages"].values():
            message = messages[reference["$ref"].rsplit("/", 1)[1]]
            message["name"] = str(struct.__struct_config__.tag)
            message["contentType"] = CONTENT_TYPE
            message["payload"] = {"$ref": SCHEMA_REF.format(name=struct.__name__)}
    _, schemas = msgspec.json.schema_components(sorted(set(structs.values()), key=_name), ref_template=SCHEMA_REF)
    for schema in schemas.values():
        # msgspec copies __doc__ verbatim, continuation lines still indented.
        if "description" in schema:
            schema["description"] = inspect.cleandoc(schema["description"])
    document["components"]["schemas"] = schemas
    for section in (document, document["components"]):
        for key in ("channels", "operations", "messages", "schemas"):
            if key in section:
                section[key] = _sorted(section[key])
    return document


def render_asyncapi_yaml() -> str:
    return yaml.dump(
        build_asyncapi_document(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text (descriptions) as literal blocks, so the file reads like the docstrings."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def _channel_structs() -> dict[str, type[Message]]:
    # Subscriber channels are titled by queue name, the bus's publisher channels "exchange:routing key".
    consumed = {entry.queue.name: entry.command for entry in CONSUMED_QUEUES}
    published = {f"{route.exchange.name}:{route.routing_key}": struct for struct, route in ROUTES.items()}
    return consumed | published


def _name(struct: type[Message]) -> str:
    return struct.__name__


def _sorted(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {key: mapping[key] for key in sorted(mapping)}


def main(argv: Sequence[str] | None = None) -> int:
    """Write the document to the path given (stdout without one)."""
    args = list(sys.argv[1:] if argv is None else argv)
    text = render_asyncapi_yaml()
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
