"""JIRA_EXTRACTOR_OLD_SECRET_KEYS: retired keys for the rotation window, validated and never echoed."""

import base64
import os

import pytest

from jiraex_shared.security.credential_cipher import CredentialCipher, key_id_for
from jiraex_shared.settings import SettingsError, load_settings


def key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def test_retired_keys_are_a_comma_separated_list_the_cipher_reads_by_default() -> None:
    current, old1, old2 = key(), key(), key()
    settings = load_settings({
        "JIRA_EXTRACTOR_SECRET_KEY": current, "JIRA_EXTRACTOR_OLD_SECRET_KEYS": f" {old1} ,{old2},",
    })
    assert settings.old_secret_keys == (old1, old2)
    old_cipher = CredentialCipher.from_keys(base64.b64decode(old1))
    sealed = old_cipher.encrypt("token", row_id="row")
    cipher = CredentialCipher.from_settings(settings)
    assert cipher.current_key_id == key_id_for(base64.b64decode(current))
    assert cipher.decrypt(*sealed, row_id="row") == "token"
    assert cipher.needs_rotation(sealed.key_id)


def test_a_malformed_retired_key_is_named_without_echoing_it() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"JIRA_EXTRACTOR_SECRET_KEY": key(), "JIRA_EXTRACTOR_OLD_SECRET_KEYS": f"{key()},c2hvcnQ="})
    assert caught.value.variable == "JIRA_EXTRACTOR_OLD_SECRET_KEYS"
    assert "key 2" in caught.value.problem and "c2hvcnQ=" not in str(caught.value)


def test_retired_keys_need_a_current_key() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"JIRA_EXTRACTOR_OLD_SECRET_KEYS": key()})
    assert "JIRA_EXTRACTOR_SECRET_KEY" in caught.value.problem
