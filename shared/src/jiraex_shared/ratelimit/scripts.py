"""The Lua sources of the Redis rate governor, read from the package on first use."""

from functools import cache
from importlib.resources import files


@cache
def lua_source(name: str) -> str:
    """Return the text of `ratelimit/<name>.lua`."""
    return files(__package__).joinpath(f"{name}.lua").read_text(encoding="utf-8")
