"""Counting the API's Redis connections from /proc/net/tcp text: only its own established sockets to the port."""

from api_process import parse_tcp_table

HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
ROWS = [
    # ours, established, to 6379 (0x18EB)
    "   0: 0100007F:9C40 0100007F:18EB 01 00000000:00000000 00:00000000 00000000     0        0 111 1 0 20 4 30 10 -1",
    # ours, established, to PostgreSQL 5432 (0x1538)
    "   1: 0100007F:9C41 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 112 1 0 20 4 30 10 -1",
    # ours, to 6379 but TIME_WAIT (06)
    "   2: 0100007F:9C42 0100007F:18EB 06 00000000:00000000 00:00000000 00000000     0        0 113 1 0 20 4 30 10 -1",
    # someone else's connection to 6379
    "   3: 0100007F:9C43 0100007F:18EB 01 00000000:00000000 00:00000000 00000000     0        0 999 1 0 20 4 30 10 -1",
]


def test_only_established_sockets_of_the_process_to_the_port_count() -> None:
    text = HEADER + "\n".join(ROWS) + "\n"
    assert parse_tcp_table(text, {"111", "112", "113"}, 6379) == 1
    assert parse_tcp_table(text, {"111", "112", "113", "999"}, 6379) == 2
    assert parse_tcp_table(text, {"111", "112"}, 5432) == 1
    assert parse_tcp_table(HEADER, {"111"}, 6379) == 0
