"""Importing GeoNames dumps and place CSVs, and downloading dumps from a (loopback) server."""

from __future__ import annotations

import http.server
import threading
import zipfile
from functools import partial
from pathlib import Path

import pytest

from conflictlens.errors import DataFileError, ResourceError
from conflictlens.geo.importer import download, import_file, imported_stats, read_source
from conflictlens.geo.index import SQLiteGazetteer
from conflictlens.geo.names import name_key

ROWS = [
    "9999001\tSakik\tSakik\tSukayk,Sakeek\t35.4293\t36.7708\tP\tPPL\tSY\t\t12\t\t\t\t1200\t\t300\tAsia/Damascus\t2020-01-01",
    "9999002\tIdlib Governorate\tIdlib Governorate\tMuhafazat Idlib\t35.8\t36.6\tA\tADM1\tSY\t\t12\t\t\t\t0\t\t300\tAsia/Damascus\t2020-01-01",
    "9999003\tTell Hill\tTell Hill\t\t35.1\t36.1\tT\tHLL\tSY\t\t10\t\t\t\t0\t\t300\tAsia/Damascus\t2020-01-01",
]


def write_dump(folder: Path, name: str = "SY.txt") -> Path:
    path = folder / name
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_geonames_dump_keeps_places_and_admin_units(tmp_path):
    entries = list(read_source(write_dump(tmp_path)))
    names = {e.name: (e.kind, alts) for e, alts in entries}
    assert set(names) == {"Sakik", "Idlib Governorate"}  # the hill is not a place events happen in
    assert names["Idlib Governorate"][0] == "admin1"
    assert "Sukayk" in names["Sakik"][1]


def test_import_makes_places_findable_and_replaces_on_reimport(tmp_path):
    dump = write_dump(tmp_path)
    cache = tmp_path / "cache"
    assert import_file(dump, cache).places == 2
    assert import_file(dump, cache).places == 2
    assert imported_stats(cache) == {"import:SY.txt": 2}
    gazetteer = SQLiteGazetteer(cache / "imported.sqlite3")
    hits = gazetteer.by_key(name_key("Sukayk"))
    assert [(e.name, e.country_code) for e in hits] == [("Sakik", "SY")]
    assert gazetteer.admin1_name("SY", "12") == "Idlib Governorate"


def test_zip_and_csv_sources(tmp_path):
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(write_dump(tmp_path), "SY.txt")
    assert len(list(read_source(archive))) == 2
    places = tmp_path / "mine.csv"
    places.write_text("name,alternate_names,lat,lon,country,admin1\nal-Jisat,Al Jissat|Jisat,35.38,36.62,SY,Hama\n", encoding="utf-8")
    (entry, alternates), = list(read_source(places))
    assert entry.name == "al-Jisat" and entry.admin1 == "Hama" and "Jisat" in alternates


@pytest.mark.parametrize(
    "content, message",
    [("1\tonly\tthree\n", "columns"), ("x\tA\tA\t\tnotanumber\t1\tP\tPPL\tSY\t\t1\t\t\t\t0\t\t\t\t\n", "line 1")],
)
def test_malformed_dump_lines_are_data_file_errors(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        list(read_source(path))


def test_missing_file_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError):
        import_file(tmp_path / "nope.txt", tmp_path / "cache")


@pytest.fixture
def dump_server(tmp_path):
    """A loopback HTTP server serving SY.zip from a temporary folder; stops after the test."""
    served = tmp_path / "served"
    served.mkdir()
    with zipfile.ZipFile(served / "SY.zip", "w") as z:
        z.write(write_dump(tmp_path), "SY.txt")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{{code}}.zip"
    server.shutdown()
    server.server_close()


def test_download_fetches_and_imports(tmp_path, dump_server):
    reports = download(["sy"], tmp_path / "cache", url_template=dump_server, timeout=5)
    assert [(r.source, r.places) for r in reports] == [("SY.zip", 2)]


def test_download_of_a_missing_dump_is_a_resource_error(tmp_path, dump_server):
    with pytest.raises(ResourceError, match="cannot download"):
        download(["IQ"], tmp_path / "cache", url_template=dump_server, timeout=5)


def test_download_refuses_a_bad_code(tmp_path):
    with pytest.raises(DataFileError):
        download(["Syria"], tmp_path / "cache", url_template="http://127.0.0.1:9/{code}.zip")


def test_sqlite_country_names_for_fuzzy_search(tmp_path):
    import_file(write_dump(tmp_path), tmp_path / "cache")
    gazetteer = SQLiteGazetteer(tmp_path / "cache" / "imported.sqlite3")
    pairs = gazetteer.names_in("SY")
    keys = gazetteer.country_keys("SY")
    assert list(keys) == list(dict.fromkeys(k for k, _ in pairs)) and "sukayk" in keys
    assert gazetteer.names_with_keys("SY", ["sukayk", "nowhere"]) == [p for p in pairs if p[0] == "sukayk"]
    assert gazetteer.names_with_keys("SY", []) == [] and gazetteer.country_keys("ZZ") == ()
    assert gazetteer.names_in("SY") is pairs  # kept for the next search
    assert len({id(e) for k, e in pairs if e.name == "Sakik"}) == 1  # one entry object per place
    assert gazetteer.by_key("sukayk") == gazetteer.by_key("sukayk") and gazetteer.by_key("sukayk") is not gazetteer.by_key("sukayk")
