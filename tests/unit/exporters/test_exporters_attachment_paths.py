"""Attachment paths inside the export: safe on every OS, unique per issue, stable across runs."""

import unicodedata

import pytest

from jiraex_shared.exporters.attachment_paths import MAX_NAME_BYTES, attachment_path, safe_segment


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("report final v2.pdf", "report final v2.pdf"),
        ("../x", ".._x"),
        ("../../etc/passwd", ".._.._etc_passwd"),
        ("..\\..\\windows\\system.ini", ".._.._windows_system.ini"),
        ("..", "attachment"),
        (".", "attachment"),
        ("", "attachment"),
        ("   ", "attachment"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("NUL.log", "_NUL.log"),
        ("LPT1", "_LPT1"),
        ("console.log", "console.log"),
        ("trailing dot.", "trailing dot"),
        ('a:b*c?"<>|.txt', "a_b_c_____.txt"),
        ("C:\\temp\\x.txt", "C__temp_x.txt"),
        ("tab\tand\nnewline\x7f.txt", "tab_and_newline_.txt"),
        ("\u202eexe.txt", "_exe.txt"),
        (".hidden", ".hidden"),
        ("résumé – ünïcödé.txt", "résumé – ünïcödé.txt"),
        ("😀 emoji screenshot.png", "😀 emoji screenshot.png"),
    ],
)
def test_awkward_names_become_safe(filename, expected):
    path = attachment_path("PROJ-1", filename, set())
    assert path == f"attachments/PROJ-1/{expected}"


def test_unicode_is_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "résumé.txt")
    assert attachment_path("P-1", decomposed, set()) == "attachments/P-1/résumé.txt"


def test_long_names_are_cut_keeping_the_extension():
    name = safe_segment("very-long-name-" + "x" * 220 + ".txt")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES and name.endswith("x.txt")
    wide = safe_segment("ü" * 300 + ".pdf")
    assert len(wide.encode("utf-8")) <= MAX_NAME_BYTES and wide.endswith("ü.pdf")


def test_duplicates_within_an_issue_are_numbered_in_order():
    taken: set[str] = set()
    names = [
        attachment_path("P-1", n, taken)
        for n in ("a.png", "a.png", "A.PNG", "a (2).png", "x.tar.gz", "x.tar.gz")
    ]
    assert names == [
        "attachments/P-1/a.png",
        "attachments/P-1/a (2).png",
        "attachments/P-1/A (3).PNG",
        "attachments/P-1/a (2) (2).png",
        "attachments/P-1/x.tar.gz",
        "attachments/P-1/x (2).tar.gz",
    ]
    assert attachment_path("P-2", "a.png", taken) == "attachments/P-2/a.png"


def test_numbered_long_names_stay_within_the_limit():
    taken: set[str] = set()
    long_name = "y" * 400 + ".log"
    first, second = attachment_path("P-1", long_name, taken), attachment_path("P-1", long_name, taken)
    assert first != second and second.endswith(" (2).log")
    assert all(len(p.rsplit("/", 1)[1].encode()) <= MAX_NAME_BYTES for p in (first, second))


def test_same_input_same_paths():
    names = ["a.png", "a.png", "CON", "../x"]
    first: set[str] = set()
    second: set[str] = set()
    assert [attachment_path("K-1", n, first) for n in names] == [
        attachment_path("K-1", n, second) for n in names
    ]


def test_awkward_issue_keys_are_safe_folders():
    assert attachment_path("../../KEY", "f", set()) == "attachments/.._.._KEY/f"
    assert attachment_path("", "f", set()) == "attachments/issue/f"
