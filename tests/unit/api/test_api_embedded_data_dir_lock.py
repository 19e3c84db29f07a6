"""One `jiraex serve` per data dir: the second holder is refused with the first one's pid, and the lock ends
with its holder."""

import os
from pathlib import Path

import pytest

from jiraex_api.embedded.data_dir_lock import DataDirInUse, hold_data_dir


def test_a_second_holder_is_refused_until_the_first_lets_go(tmp_path: Path) -> None:
    with hold_data_dir(tmp_path):
        with pytest.raises(DataDirInUse, match=f"pid {os.getpid()}") as refused, hold_data_dir(tmp_path):
            pass
        assert str(tmp_path) in str(refused.value)
    with hold_data_dir(tmp_path):
        assert (tmp_path / "serve.lock").read_text() == f"{os.getpid()}\n"
