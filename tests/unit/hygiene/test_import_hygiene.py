"""Importing any module must not read the environment, open a socket or build a client (CONVENTIONS habit 2).

The imports run in a fresh interpreter with an empty environment: importing in this process would replace
the classes other tests already hold (exceptions, msgspec Structs) with new copies.
"""

import subprocess
import sys

PACKAGES = [
    "jiraex_shared",
    "jiraex_api",
    "jiraex_extractor_worker",
    "jiraex_scheduler",
    "jiraex_notifier",
    "jiraex_jira_sim",
]

PROBE = """
import importlib, pkgutil, socket, sys

class ForbiddenAtImport(Exception):
    pass

def refuse(*args, **kwargs):
    raise ForbiddenAtImport("a module opened a network connection at import time")

socket.socket.connect = refuse
socket.create_connection = refuse
names = []
for package_name in sys.argv[1:]:
    package = importlib.import_module(package_name)
    names.append(package_name)
    names += [info.name for info in pkgutil.walk_packages(package.__path__, prefix=package_name + ".")]
names = sorted(name for name in names if ".migrations." not in name)
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_every_module_imports_with_an_empty_environment_and_no_network() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *PACKAGES], env={}, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert int(result.stdout.strip()) > 100
