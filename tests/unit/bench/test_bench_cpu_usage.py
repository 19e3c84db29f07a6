"""CPU accounting from /proc text: a process's user + system time and the machine's busy share."""

import pytest
from cpu_usage import MachineCpu, parse_machine_stat, parse_process_stat


def test_process_cpu_is_utime_plus_stime_even_with_a_tricky_command_name() -> None:
    # proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    text = "4242 (jiraex (worker) 1) S 1 4242 4242 0 -1 4194304 900 0 3 0 250 50 0 0 20 0 3 0"
    assert parse_process_stat(text, ticks_per_second=100) == pytest.approx(3.0)


def test_machine_busy_share_leaves_out_idle_and_iowait() -> None:
    before = parse_machine_stat("cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8\n")
    after = parse_machine_stat("cpu  250 0 100 900 50 0 0 0 0 0\n")
    assert before == MachineCpu(busy=150, total=1000)
    assert after.share_busy_since(before) == pytest.approx(200 / 300)
    assert before.share_busy_since(before) == 0.0


def test_a_stat_file_without_the_aggregate_line_is_an_error() -> None:
    with pytest.raises(ValueError, match="aggregate"):
        parse_machine_stat("cpu0 1 2 3 4 5 6 7 8\n")
