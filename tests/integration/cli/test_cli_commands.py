"""The `jiraex` console script as an operator uses it: help, config check, migrations, users — on both engines."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

JIRAEX = str(Path(sys.executable).with_name("jiraex"))


def jiraex(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JIRA_EXTRACTOR_")}
    return subprocess.run(
        [JIRAEX, *args], env={**clean, **(env or {})}, input=stdin, capture_output=True, text=True, timeout=120,
        check=False,
    )


def test_help_lists_the_subcommands() -> None:
    result = jiraex("--help")
    assert result.returncode == 0
    for command in ("migrate", "create-user", "config"):
        assert command in result.stdout


def test_config_check_without_urls_reports_embedded_adapters(tmp_path: Path) -> None:
    result = jiraex("config", "check", env={"JIRA_EXTRACTOR_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "SQLite" in result.stdout
    assert "in-process" in result.stdout
    assert "memory" in result.stdout


def test_config_check_with_urls_reports_the_fleet_adapters() -> None:
    env = {
        "JIRA_EXTRACTOR_DATABASE_URL": "postgresql+asyncpg://u:topsecret@db.internal:5432/jiraex",
        "JIRA_EXTRACTOR_RABBITMQ_URL": "amqp://guest:topsecret@mq:5672/",
        "JIRA_EXTRACTOR_REDIS_URL": "redis://cache:6379/0",
        "JIRA_EXTRACTOR_S3_ENDPOINT_URL": "http://minio:9000",
        "JIRA_EXTRACTOR_S3_BUCKET": "exports",
    }
    result = jiraex("config", "check", env=env)
    assert result.returncode == 0, result.stderr
    for adapter in ("PostgreSQL", "RabbitMQ", "Redis", "S3"):
        assert adapter in result.stdout
    assert "topsecret" not in result.stdout + result.stderr


def test_bad_value_gives_one_line_naming_the_variable() -> None:
    result = jiraex("config", "check", env={"JIRA_EXTRACTOR_DATABASE_URL": "nonsense"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "JIRA_EXTRACTOR_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def run_migrations_and_create_user(env: dict[str, str], tmp_path: Path) -> None:
    upgraded = jiraex("migrate", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    current = jiraex("migrate", "current", env=env)
    assert current.returncode == 0
    assert "at revision" in current.stdout
    assert "base (empty)" not in current.stdout

    password_file = tmp_path / "password"
    password_file.write_text("correct horse battery staple\n")
    created = jiraex("create-user", "--email", "Admin@Example.com", "--admin", "--password-file", str(password_file),
                     env=env)
    assert created.returncode == 0, created.stderr
    assert "created admin admin@example.com" in created.stdout

    again = jiraex("create-user", "--email", "admin@example.com", "--password-file", "-", env=env,
                   stdin="another long password\n")
    assert again.returncode == 2
    assert "already exists" in again.stderr

    weak = jiraex("create-user", "--email", "bob@example.com", "--password-file", "-", env=env, stdin="short\n")
    assert weak.returncode == 2
    assert "at least 12 characters" in weak.stderr

    downgraded = jiraex("migrate", "downgrade", "base", env=env)
    assert downgraded.returncode == 0, downgraded.stderr
    assert "base (empty)" in downgraded.stdout


def test_migrate_and_create_user_on_sqlite(tmp_path: Path) -> None:
    run_migrations_and_create_user({"JIRA_EXTRACTOR_DATA_DIR": str(tmp_path / "data")}, tmp_path)
    assert (tmp_path / "data" / "jiraex.db").exists()


@pytest.mark.integration
async def test_migrate_and_create_user_on_postgres(pg_url: str, tmp_path: Path) -> None:
    await asyncio.to_thread(run_migrations_and_create_user, {"JIRA_EXTRACTOR_DATABASE_URL": pg_url}, tmp_path)


def test_create_user_before_migrations_says_what_to_do(tmp_path: Path) -> None:
    result = jiraex("create-user", "--email", "a@example.com", "--password-file", "-", stdin="long enough pass\n",
                    env={"JIRA_EXTRACTOR_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "jiraex migrate upgrade" in result.stderr


def test_unreachable_database_is_one_line_not_a_traceback() -> None:
    result = jiraex("migrate", "current", env={"JIRA_EXTRACTOR_DATABASE_URL": "postgresql+asyncpg://u@127.0.0.1:1/x"})
    assert result.returncode == 1
    assert "cannot reach" in result.stderr
    assert "Traceback" not in result.stderr
