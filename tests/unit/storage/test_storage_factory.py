"""How the settings become an S3 client: path-style addressing for MinIO, credentials only when given."""

import pytest
from aiobotocore.session import get_session
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from jiraex_shared.settings import load_settings
from jiraex_shared.storage import StorageConfigError
from jiraex_shared.storage.factory import ensure_bucket, local_root, s3_client_arguments


def settings_with(**variables: str):
    return load_settings({f"JIRA_EXTRACTOR_{name.upper()}": value for name, value in variables.items()})


def test_minio_settings_give_a_path_style_client_with_the_configured_endpoint_and_keys() -> None:
    settings = settings_with(
        s3_endpoint_url="http://minio:9000", s3_bucket="exports", s3_access_key_id="AK", s3_secret_access_key="SK",
        s3_region="eu-west-1",
    )
    arguments = s3_client_arguments(settings)
    assert arguments["endpoint_url"] == "http://minio:9000"
    assert arguments["region_name"] == "eu-west-1"
    assert (arguments["aws_access_key_id"], arguments["aws_secret_access_key"]) == ("AK", "SK")
    assert arguments["config"].s3 == {"addressing_style": "path"}
    assert arguments["config"].retries == {"max_attempts": 5, "mode": "standard"}


def test_virtual_hosted_style_and_the_default_credential_chain_when_asked() -> None:
    settings = settings_with(s3_bucket="exports", s3_path_style="false")
    arguments = s3_client_arguments(settings)
    assert arguments["config"].s3 == {"addressing_style": "virtual"}
    assert arguments["endpoint_url"] is None
    assert arguments["aws_access_key_id"] is None


async def test_the_client_built_from_the_arguments_uses_them() -> None:
    # Building a client opens no connection; it only resolves configuration.
    settings = settings_with(s3_endpoint_url="http://minio:9000", s3_bucket="exports", s3_access_key_id="AK",
                             s3_secret_access_key="SK")
    async with get_session().create_client("s3", **s3_client_arguments(settings)) as client:
        assert client.meta.endpoint_url == "http://minio:9000"
        assert client.meta.config.s3["addressing_style"] == "path"


def test_the_local_root_is_exports_under_the_data_dir(tmp_path) -> None:
    assert local_root(settings_with(data_dir=str(tmp_path))) == tmp_path / "exports"


class BucketProbe:
    """Stands in for the S3 client's two bucket calls, answering as S3 would."""

    def __init__(self, head_error: Exception | None) -> None:
        self.head_error = head_error
        self.created: list[dict] = []

    async def head_bucket(self, **_: object) -> dict:
        if self.head_error:
            raise self.head_error
        return {}

    async def create_bucket(self, **arguments: object) -> dict:
        self.created.append(arguments)
        return {}


def client_error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}}, "HeadBucket")


MINIO = {"s3_endpoint_url": "http://minio:9000", "s3_bucket": "exports"}


async def test_an_existing_bucket_is_used_as_it_is() -> None:
    probe = BucketProbe(None)
    await ensure_bucket(probe, settings_with(**MINIO), create=True)
    assert probe.created == []


async def test_a_missing_bucket_names_the_setting_or_is_created_on_request() -> None:
    with pytest.raises(StorageConfigError, match=r"'exports' does not exist at http://minio:9000.*S3_BUCKET"):
        await ensure_bucket(BucketProbe(client_error("404")), settings_with(**MINIO), create=False)
    probe = BucketProbe(client_error("404"))
    await ensure_bucket(probe, settings_with(**MINIO, s3_region="eu-central-1"), create=True)
    assert probe.created == [{"Bucket": "exports", "CreateBucketConfiguration": {"LocationConstraint": "eu-central-1"}}]
    probe = BucketProbe(client_error("NoSuchBucket"))
    await ensure_bucket(probe, settings_with(**MINIO), create=True)
    assert probe.created == [{"Bucket": "exports"}]  # us-east-1 takes no location constraint


@pytest.mark.parametrize(
    ("error", "named"),
    [
        (client_error("403"), "JIRA_EXTRACTOR_S3_ACCESS_KEY_ID and JIRA_EXTRACTOR_S3_SECRET_ACCESS_KEY"),
        (NoCredentialsError(), "JIRA_EXTRACTOR_S3_ACCESS_KEY_ID and JIRA_EXTRACTOR_S3_SECRET_ACCESS_KEY"),
        (EndpointConnectionError(endpoint_url="http://minio:9000"), "JIRA_EXTRACTOR_S3_ENDPOINT_URL"),
    ],
)
async def test_unusable_s3_settings_name_the_variable_to_fix(error: Exception, named: str) -> None:
    with pytest.raises(StorageConfigError, match=named):
        await ensure_bucket(BucketProbe(error), settings_with(**MINIO), create=True)
