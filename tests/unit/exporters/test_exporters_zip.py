"""write_zip: streamed, deterministic, readable by any unzip, and unable to write outside its folder."""

import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from jiraex_shared.exporters.digest_set import DigestSet, name_digest
from jiraex_shared.exporters.zip_export import safe_entry_name, write_zip
from jiraex_shared.exporters.zip_format import ZipStreamWriter


def make_folder(root: Path) -> Path:
    folder = root / "export"
    (folder / "csv").mkdir(parents=True)
    (folder / "html" / "issues").mkdir(parents=True)
    (folder / "issues.json").write_text("[\n]\n")
    (folder / "csv" / "issues.csv").write_text("Issue key\r\n" * 50)
    (folder / "html" / "issues" / "A-1.html").write_text("<p>x</p>")
    (folder / "manifest.json").write_text("{}\n")
    return folder


def attachment_files(root: Path) -> list[tuple[str, Path]]:
    (root / "blobs").mkdir(exist_ok=True)
    image = root / "blobs" / "1"
    image.write_bytes(b"\x89PNG" + bytes(range(256)) * 40)
    text = root / "blobs" / "2"
    text.write_bytes(b"log line\n" * 500)
    return [("attachments/A-1/shot.png", image), ("attachments/A-1/log.txt", text)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "etc/passwd"),
        ("/absolute/path.txt", "absolute/path.txt"),
        ("C:\\Windows\\system32\\x.dll", "C_/Windows/system32/x.dll"),
        ("a\\..\\..\\b.txt", "a/b.txt"),
        ("attachments/A-1/../../../x", "attachments/A-1/x"),
        ("dir/./file", "dir/file"),
        ("ctrl\x00\x1f/na\x7fme", "ctrl__/na_me"),
        ("attachments/A-1/CON", "attachments/A-1/_CON"),
        ("..", "unnamed"),
        ("", "unnamed"),
    ],
)
def test_entry_names_cannot_escape(name, expected):
    assert safe_entry_name(name) == expected


def test_archive_holds_folder_then_attachments_with_fixed_metadata(tmp_path):
    folder = make_folder(tmp_path)
    produced = write_zip(tmp_path / "export.zip", folder, attachment_files(tmp_path))
    with zipfile.ZipFile(tmp_path / "export.zip") as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        assert [i.filename for i in infos] == [
            "csv/issues.csv",
            "html/issues/A-1.html",
            "issues.json",
            "manifest.json",
            "attachments/A-1/shot.png",
            "attachments/A-1/log.txt",
        ]
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
        methods = {i.filename: i.compress_type for i in infos}
        assert methods["attachments/A-1/shot.png"] == zipfile.ZIP_STORED
        assert methods["attachments/A-1/log.txt"] == zipfile.ZIP_DEFLATED
        assert methods["csv/issues.csv"] == zipfile.ZIP_DEFLATED
        assert archive.read("csv/issues.csv") == (folder / "csv" / "issues.csv").read_bytes()
        assert archive.read("attachments/A-1/log.txt") == b"log line\n" * 500
    assert produced.path == "export.zip" and produced.size == (tmp_path / "export.zip").stat().st_size


def test_same_input_same_bytes(tmp_path):
    folder = make_folder(tmp_path)
    attachments = attachment_files(tmp_path)
    first = write_zip(tmp_path / "one.zip", folder, attachments)
    second = write_zip(tmp_path / "two.zip", folder, attachments)
    assert first.sha256 == second.sha256
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()


def test_hostile_and_duplicate_names_are_made_safe_and_unique(tmp_path):
    folder = make_folder(tmp_path)
    blob = tmp_path / "blob"
    blob.write_bytes(b"x")
    hostile = [
        ("../../evil.sh", blob),
        ("/etc/passwd", blob),
        ("attachments\\A-1\\..\\..\\x", blob),
        ("issues.json", blob),
        ("ISSUES.JSON", blob),
        ("attachments/A-1/a.txt", blob),
        ("attachments/A-1/A.TXT", blob),
    ]
    write_zip(tmp_path / "out.zip", folder, hostile)
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        names = archive.namelist()
    assert names[4:] == [
        "evil.sh",
        "etc/passwd",
        "attachments/A-1/x",
        "issues (2).json",
        "ISSUES (3).JSON",
        "attachments/A-1/a.txt",
        "attachments/A-1/A (2).TXT",
    ]
    for name in names:
        assert not name.startswith(("/", "\\")) and ".." not in name.split("/") and "\\" not in name
    extracted = tmp_path / "extracted"
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        archive.extractall(extracted)
    assert all(p.resolve().is_relative_to(extracted.resolve()) for p in extracted.rglob("*"))


def test_archive_inside_its_own_folder_is_skipped(tmp_path):
    folder = make_folder(tmp_path)
    write_zip(folder / "self.zip", folder, [])
    with zipfile.ZipFile(folder / "self.zip") as archive:
        assert "self.zip" not in archive.namelist()


def test_unicode_names_are_flagged_utf8(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "résumé 😀.txt").write_text("hi")
    write_zip(tmp_path / "u.zip", folder, [])
    with zipfile.ZipFile(tmp_path / "u.zip") as archive:
        info = archive.infolist()[0]
        assert info.filename == "résumé 😀.txt" and info.flag_bits & 0x800


def test_zip64_records_are_written_past_65535_entries():
    buffer = io.BytesIO()
    with ZipStreamWriter(buffer) as archive:
        for number in range(70_000):
            archive.add(f"e/{number}", [b""], compress=False)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as reopened:
        assert len(reopened.infolist()) == 70_000
        assert reopened.read("e/69999") == b""


def test_zip64_entry_headers_read_back():
    buffer = io.BytesIO()
    with ZipStreamWriter(buffer) as archive:
        archive.add("big.bin", [b"a" * 1000, b"b" * 1000], compress=True, zip64=True)
        archive.add("small.bin", [b"c"], compress=False)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as reopened:
        assert reopened.testzip() is None
        assert reopened.read("big.bin") == b"a" * 1000 + b"b" * 1000
        assert reopened.getinfo("big.bin").file_size == 2000


def test_zip_memory_does_not_grow_with_entries(tmp_path):
    tracemalloc.start()
    try:
        with (tmp_path / "many.zip").open("wb") as out, ZipStreamWriter(out) as archive:
            archive.add("warm", [b"x"], compress=True)
            baseline = tracemalloc.get_traced_memory()[0]
            for number in range(20_000):
                archive.add(f"html/issues/PROJ-{number}.html", [b"<p>x</p>"], compress=True)
            grown = tracemalloc.get_traced_memory()[0] - baseline
    finally:
        tracemalloc.stop()
    assert grown < 256 * 1024, f"{grown} bytes kept for 20,000 entries"


def test_digest_set_keeps_every_member_through_growth():
    seen = DigestSet(capacity=8)
    digests = [name_digest(f"attachments/K-{n}/file.txt") for n in range(50_000)]
    assert all(seen.add(d) for d in digests)
    assert len(seen) == 50_000
    assert not any(seen.add(d) for d in digests[::997])
    assert name_digest("absent") not in seen and digests[12345] in seen
