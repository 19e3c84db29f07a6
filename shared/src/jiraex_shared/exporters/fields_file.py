"""``fields.json``: the field dictionary the export was made with, id → name, CSV header and types."""

from pathlib import Path

from jiraex_shared.exporters.context import ExportContext
from jiraex_shared.exporters.field_names import FieldDictionary
from jiraex_shared.exporters.json_encoding import encode_pretty

FIELDS_NAME = "fields.json"


def write_fields(directory: Path, context: ExportContext) -> Path:
    """Write ``fields.json``: one entry per field id, so CSV headers map back to field ids."""
    dictionary = FieldDictionary(context.fields)
    entries = {
        info.id: {
            "name": info.name,
            "column": dictionary.label(info.id),
            "custom": info.custom,
            "type": info.type,
            "items": info.items,
            "system": info.system,
            "custom_type": info.custom_type,
            "custom_id": info.custom_id,
            "clause_names": list(info.clause_names),
        }
        for info in dictionary
    }
    path = directory / FIELDS_NAME
    path.write_bytes(encode_pretty(entries))
    return path
