"""The migrate module's configuration: script location, revision naming, head and autogeneration."""

import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from alembic.script import ScriptDirectory

import jiraex_shared.db
from jiraex_shared.db import migrate


def test_script_location_is_inside_the_package() -> None:
    config = migrate.alembic_config()
    location = Path(config.get_main_option("script_location") or "")
    assert location == Path(jiraex_shared.db.__file__).parent / "migrations"
    assert (location / "env.py").is_file()
    assert (location / "script.py.mako").is_file()


def test_revision_files_are_named_by_their_date_prefixed_revision_id() -> None:
    scripts = list(ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions())
    assert scripts
    for script in scripts:
        assert re.fullmatch(r"\d{8}_\d{4}", script.revision), script.revision
        assert Path(script.path).name.startswith(f"{script.revision}_")


def test_head_is_the_newest_revision() -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head() == max(script.revision for script in scripts.walk_revisions())
    assert scripts.get_heads() == [migrate.head()]


def test_next_revision_id_continues_the_sequence_under_todays_date() -> None:
    assert migrate.next_revision_id([], date(2026, 11, 24)) == "20261124_0001"
    assert migrate.next_revision_id(["20261124_0001", "20261203_0002"], date(2027, 1, 5)) == "20270105_0003"
    assert migrate.next_revision_id(["ae1027a6acf", "20261124_0001"], date(2027, 1, 5)) == "20270105_0002"


async def test_revision_autogenerates_an_empty_date_prefixed_revision_when_models_match(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    url = f"sqlite+aiosqlite:///{tmp_path / 'dev.db'}"
    await migrate.upgrade(url)

    path = await migrate.revision(url, "nothing changed", migrations_dir=migrations)

    today = datetime.now(UTC).date()
    assert path.parent == migrations / "versions"
    assert path.name == f"{today:%Y%m%d}_0002_nothing_changed.py"
    source = path.read_text()
    assert f"down_revision: str | Sequence[str] | None = {migrate.head()!r}" in source
    assert "op." not in source.split("def upgrade", 1)[1]
