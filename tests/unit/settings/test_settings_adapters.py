"""Which adapter each component gets: the mode follows from the URLs alone."""

from jiraex_shared.settings import describe_adapters, load_settings
from jiraex_shared.settings.adapters import database_url


def adapters(environ: dict[str, str]) -> dict[str, str]:
    return {choice.component: choice.adapter for choice in describe_adapters(load_settings(environ))}


def test_no_urls_is_the_embedded_mode(tmp_path) -> None:
    settings = load_settings({"JIRA_EXTRACTOR_DATA_DIR": str(tmp_path)})
    assert database_url(settings) == f"sqlite+aiosqlite:///{tmp_path / 'jiraex.db'}"
    assert adapters({}) == {
        "database": "SQLite",
        "command bus": "in-process",
        "event stream + rate governor": "memory",
        "artifact store": "local",
        "mailer": "log",
    }


def test_all_urls_is_the_full_fleet() -> None:
    environ = {
        "JIRA_EXTRACTOR_DATABASE_URL": "postgresql+asyncpg://u:pw@db:5432/x",
        "JIRA_EXTRACTOR_RABBITMQ_URL": "amqp://guest:guest@mq:5672/",
        "JIRA_EXTRACTOR_REDIS_URL": "redis://cache:6379/0",
        "JIRA_EXTRACTOR_S3_ENDPOINT_URL": "http://minio:9000",
        "JIRA_EXTRACTOR_S3_BUCKET": "exports",
        "JIRA_EXTRACTOR_SMTP_HOST": "mail",
    }
    assert adapters(environ) == {
        "database": "PostgreSQL",
        "command bus": "RabbitMQ",
        "event stream + rate governor": "Redis",
        "artifact store": "S3",
        "mailer": "SMTP",
    }


def test_descriptions_hide_credentials() -> None:
    settings = load_settings({
        "JIRA_EXTRACTOR_DATABASE_URL": "postgresql+asyncpg://u:sekret@db:5432/x",
        "JIRA_EXTRACTOR_RABBITMQ_URL": "amqp://g:sekret@mq:5672/",
    })
    assert all("sekret" not in choice.detail for choice in describe_adapters(settings))
