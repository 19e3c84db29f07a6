"""Re-cutting streams into S3 parts and disk batches keeps every byte, in order."""

from collections.abc import AsyncIterator

import pytest

from jiraex_shared.storage.chunking import batches, regroup


async def stream(*chunks: bytes) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


async def test_regroup_cuts_exact_pieces_with_a_shorter_last_one() -> None:
    pieces = [piece async for piece in regroup(stream(b"abc", b"", b"defgh", b"ijklmnopq", b"r"), 4)]
    assert pieces == [b"abcd", b"efgh", b"ijkl", b"mnop", b"qr"]


async def test_regroup_of_an_exact_multiple_and_of_nothing() -> None:
    assert [p async for p in regroup(stream(b"abcdef"), 3)] == [b"abc", b"def"]
    assert [p async for p in regroup(stream(), 3)] == []
    assert [p async for p in regroup(stream(b""), 3)] == []


async def test_regroup_rejects_a_non_positive_size() -> None:
    with pytest.raises(ValueError, match="positive"):
        [p async for p in regroup(stream(b"x"), 0)]


async def test_batches_group_chunks_without_splitting_them() -> None:
    grouped = [batch async for batch in batches(stream(b"ab", b"", b"cd", b"e", b"fghij", b"k"), 4)]
    assert grouped == [[b"ab", b"cd"], [b"e", b"fghij"], [b"k"]]
