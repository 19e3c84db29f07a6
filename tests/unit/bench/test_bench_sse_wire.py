"""The fan-out client's wire parsing: response head, chunked body in arbitrary pieces, SSE events and comments."""

import pytest
from sse_wire import ChunkedDecoder, SseSplitter, WireError, WireEvent, split_head

BODY = (
    b"id: 1-0\r\nevent: job.progressed\r\ndata: {\"a\":1}\r\nretry: 3000\r\n\r\n"
    b": heartbeat\r\n\r\n"
    b"event: job.snapshot\r\ndata: {}\r\n\r\n"
    b"id: 2-0\nevent: job.succeeded\ndata: x\ndata: y\n\n"
)


def _chunked(body: bytes, size: int) -> bytes:
    pieces = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x;ext=1\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def test_split_head_waits_for_the_blank_line_then_returns_status_headers_and_rest() -> None:
    assert split_head(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream") is None
    status, headers, rest = split_head(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n")
    assert (status, headers, rest) == (200, {"transfer-encoding": "chunked"}, b"5\r\n")
    with pytest.raises(WireError, match="status line"):
        split_head(b"SSH-2.0-OpenSSH\r\n\r\n")


@pytest.mark.parametrize("piece", [1, 2, 7, 1000])
def test_chunked_body_fed_in_any_pieces_gives_back_the_events_in_order(piece: int) -> None:
    wire = _chunked(BODY, 13)
    decoder, splitter, events = ChunkedDecoder(), SseSplitter(), []
    for start in range(0, len(wire), piece):
        events += splitter.feed(decoder.feed(wire[start:start + piece]))
    assert decoder.done
    assert events == [WireEvent("1-0", "job.progressed"), WireEvent(None, "job.snapshot"),
                      WireEvent("2-0", "job.succeeded")]


def test_a_bad_chunk_size_or_a_missing_crlf_is_an_error() -> None:
    with pytest.raises(WireError, match="chunk size"):
        ChunkedDecoder().feed(b"zz\r\nabc\r\n")
    with pytest.raises(WireError, match="CRLF"):
        ChunkedDecoder().feed(b"3\r\nabcXY")
