"""Importing any module must not read the environment, open a socket or build a client (CONVENTIONS habit 2)."""

import importlib
import os
import pkgutil
import socket
import sys

import pytest

PACKAGES = [
    "jiraex_shared",
    "jiraex_api",
    "jiraex_extractor_worker",
    "jiraex_scheduler",
    "jiraex_notifier",
    "jiraex_jira_sim",
]


def all_modules() -> list[str]:
    names = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        names.append(package_name)
        names += [info.name for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}.")]
    return sorted(name for name in names if ".migrations." not in name)


class ForbiddenAtImport(Exception):
    pass


def test_every_module_imports_with_an_empty_environment_and_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    modules = all_modules()
    for name in modules:
        if name.startswith(tuple(PACKAGES)):
            sys.modules.pop(name, None)
    for variable in list(os.environ):
        monkeypatch.delenv(variable)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ForbiddenAtImport("a module opened a network connection at import time")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for name in modules:
        importlib.import_module(name)
    assert len(modules) > 10
