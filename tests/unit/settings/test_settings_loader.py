"""Settings: defaults, type conversion, and errors that name the variable without leaking secrets."""

import base64

import pytest

from jiraex_shared.settings import Settings, SettingsError, load_settings


def test_empty_environment_gives_embedded_defaults() -> None:
    settings = load_settings({})
    assert settings == Settings()
    assert (settings.database_url, settings.rabbitmq_url, settings.redis_url) == ("", "", "")
    assert (settings.api_port, settings.chunk_size, settings.enable_scheduler) == (8080, 500, False)


def test_values_are_converted_from_strings() -> None:
    key = base64.b64encode(bytes(range(32))).decode()
    settings = load_settings({
        "JIRA_EXTRACTOR_API_PORT": "9090",
        "JIRA_EXTRACTOR_ENABLE_SCHEDULER": "true",
        "JIRA_EXTRACTOR_WORKER_GRACE_SECONDS": "12.5",
        "JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS": "127.0.0.1, 10.0.0.0/8,jira.internal",
        "JIRA_EXTRACTOR_SECRET_KEY": key,
        "JIRA_EXTRACTOR_DATABASE_URL": "postgresql+asyncpg://u:p@db:5432/jiraex",
        "JIRA_EXTRACTOR_LOG_FORMAT": "json",
    })
    assert settings.api_port == 9090
    assert settings.enable_scheduler is True
    assert settings.worker_grace_seconds == 12.5
    assert settings.jira_allowed_hosts == ("127.0.0.1", "10.0.0.0/8", "jira.internal")
    assert settings.secret_key == key
    assert settings.log_format == "json"


def test_unrelated_and_unknown_variables_are_ignored() -> None:
    assert load_settings({"PATH": "/bin", "JIRA_EXTRACTOR_FROM_THE_FUTURE": "x"}) == Settings()


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("JIRA_EXTRACTOR_DATABASE_URL", "nonsense", "not a database URL"),
        ("JIRA_EXTRACTOR_DATABASE_URL", "postgresql://u@h/db", "asyncpg"),
        ("JIRA_EXTRACTOR_DATABASE_URL", "mysql+aiomysql://u@h/db", "not a database URL"),
        ("JIRA_EXTRACTOR_RABBITMQ_URL", "http://mq", "amqp://"),
        ("JIRA_EXTRACTOR_REDIS_URL", "redis//nohost", "redis://"),
        ("JIRA_EXTRACTOR_API_PORT", "eighty", "expected int"),
        ("JIRA_EXTRACTOR_API_PORT", "70000", "1-65535"),
        ("JIRA_EXTRACTOR_ENABLE_SCHEDULER", "maybe", "expected bool"),
        ("JIRA_EXTRACTOR_LOG_LEVEL", "LOUD", "expected one of"),
        ("JIRA_EXTRACTOR_SMTP_TLS", "ssl3", "expected one of"),
        ("JIRA_EXTRACTOR_CHUNK_SIZE", "0", "greater than 0"),
        ("JIRA_EXTRACTOR_SECRET_KEY", base64.b64encode(b"short").decode(), "32 bytes"),
        ("JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS", "ok.host,bad host!", "neither a host name"),
        ("JIRA_EXTRACTOR_PUBLIC_URL", "exports.example.com", "https://"),
        ("JIRA_EXTRACTOR_S3_ENDPOINT_URL", "http://minio:9000", "required"),
    ],
)
def test_invalid_value_names_the_variable(variable: str, value: str, expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({variable: value})
    wanted = "JIRA_EXTRACTOR_S3_BUCKET" if variable.endswith("S3_ENDPOINT_URL") else variable
    assert caught.value.variable == wanted
    assert str(caught.value).startswith(f"{wanted}: ")
    assert expected in str(caught.value)


def test_errors_never_echo_secrets_or_url_passwords() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"JIRA_EXTRACTOR_SECRET_KEY": "hunter2-is-not-base64!"})
    assert "hunter2" not in str(caught.value)
    with pytest.raises(SettingsError) as caught:
        load_settings({"JIRA_EXTRACTOR_DATABASE_URL": "oracle://scott:tiger@db/x"})
    assert "tiger" not in str(caught.value)


def test_blank_optional_values_fall_back_to_defaults() -> None:
    assert load_settings({"JIRA_EXTRACTOR_API_PORT": "  ", "JIRA_EXTRACTOR_DATABASE_URL": ""}) == Settings()
