from __future__ import annotations

import pytest

from conflictlens.errors import DataFileError
from conflictlens.geo.gazetteer import ADMIN1, POPULATED, GazEntry, LayeredGazetteer, MemoryGazetteer
from conflictlens.geo.names import name_key, skeleton
from conflictlens.geo.store import read_place_csv

JISR = GazEntry(170592, "Jisr ash Shughur", 35.81, 36.32, "SY", "13", "Idleb", 44322)
KHAN = GazEntry(169304, "Khan Shaykhun", 35.44, 36.65, "SY", "13", "Idleb", 34371)
IDLEB = GazEntry(169387, "Idlib Governorate", 35.83, 36.67, "SY", "13", "Idleb", kind=ADMIN1)
TRIPOLI_LB = GazEntry(266826, "Tripoli", 34.43, 35.84, "LB")
TRIPOLI_LY = GazEntry(2210247, "Tripoli", 32.88, 13.19, "LY")


@pytest.fixture
def gazetteer():
    return MemoryGazetteer([
        (JISR, ["Jisr al-Shoghour", "جسر الشغور"]),
        (KHAN, ["Khan Sheikhoun"]),
        (IDLEB, ["Idleb"]),
        (TRIPOLI_LB, []),
    ])


def test_by_key_finds_name_and_alternates(gazetteer):
    assert gazetteer.by_key("jisr shughur") == [JISR]
    assert gazetteer.by_key(name_key("Jisr al-Shoghour")) == [JISR]
    assert gazetteer.by_key(name_key("جسر الشغور")) == [JISR]
    assert gazetteer.by_key("nowhere") == []


def test_by_skeleton_meets_transliteration_variants(gazetteer):
    assert JISR in gazetteer.by_skeleton(skeleton("Jisr ash-Shughour"))
    assert KHAN in gazetteer.by_skeleton(skeleton("Khān Shaykhūn"))
    assert gazetteer.by_skeleton(skeleton("Aleppo")) == []


def test_names_in_country(gazetteer):
    pairs = gazetteer.names_in("SY")
    assert ("khan sheikhoun", KHAN) in pairs
    assert {entry for _, entry in pairs} == {JISR, KHAN, IDLEB}
    assert gazetteer.names_in("LB") == [("tripoli", TRIPOLI_LB)]
    assert gazetteer.names_in("ZZ") == []


def test_admin1_name_only_for_admin1_entries(gazetteer):
    assert gazetteer.admin1_name("SY", "13") == "Idlib Governorate"
    assert gazetteer.admin1_name("SY", "99") == ""
    assert gazetteer.admin1_name("LB", "") == ""


def test_lookup_results_are_copies(gazetteer):
    gazetteer.by_key("jisr shughur").append(KHAN)
    assert gazetteer.by_key("jisr shughur") == [JISR]


def test_layered_gazetteer_queries_every_layer_in_order(gazetteer):
    user = MemoryGazetteer([(TRIPOLI_LY, [])])
    layered = LayeredGazetteer([user, gazetteer])
    assert layered.by_key("tripoli") == [TRIPOLI_LY, TRIPOLI_LB]
    assert layered.by_skeleton(skeleton("Tripoli")) == [TRIPOLI_LY, TRIPOLI_LB]
    assert layered.by_key("khan shaykhun") == [KHAN]
    assert layered.names_in("LY") == [("tripoli", TRIPOLI_LY)]


def test_layered_admin1_name_first_non_empty(gazetteer):
    other = MemoryGazetteer([(GazEntry(1, "Idleb (user)", 35.9, 36.6, "SY", "13", kind=ADMIN1), [])])
    assert LayeredGazetteer([MemoryGazetteer(), gazetteer]).admin1_name("SY", "13") == "Idlib Governorate"
    assert LayeredGazetteer([other, gazetteer]).admin1_name("SY", "13") == "Idleb (user)"
    assert LayeredGazetteer([]).admin1_name("SY", "13") == ""


def test_read_place_csv(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(
        "name,alternate_names,lat,lon,country,admin1\n"
        "Kafr Nabl,Kafranbel|Kafr Nubl,35.6139,36.5617,sy,Idleb\n"
        " Hass ,,35.58,36.58,SY,\n",
        encoding="utf-8",
    )
    gaz = read_place_csv(path)
    [kafr] = gaz.by_key("kafranbel")
    assert gaz.by_key("kafr nabl") == [kafr] == gaz.by_key("kafr nubl")
    assert (kafr.latitude, kafr.longitude) == (35.6139, 36.5617)
    assert kafr.country_code == "SY"
    assert kafr.admin1 == "Idleb"
    assert kafr.kind == POPULATED
    assert kafr.source == "user:places.csv"
    assert kafr.geonameid is None
    [hass] = gaz.by_key("hass")
    assert hass.name == "Hass" and hass.admin1 == ""


def test_read_place_csv_missing_column(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("name,lat,country\nKafr Nabl,35.6,SY\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="lon"):
        read_place_csv(path)


def test_read_place_csv_bad_latitude_names_line(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(
        "name,alternate_names,lat,lon,country,admin1\n"
        "Kafr Nabl,,35.6,36.5,SY,Idleb\n"
        "Hass,,north,36.58,SY,Idleb\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="line 3"):
        read_place_csv(path)


def test_read_place_csv_missing_file(tmp_path):
    with pytest.raises(DataFileError):
        read_place_csv(tmp_path / "nope.csv")


def test_read_place_csv_short_row_is_data_file_error(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("name,alternate_names,lat,lon,country,admin1\nIdlib,,35.9\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 2"):
        read_place_csv(path)


def test_concurrent_index_builds_do_not_collide(tmp_path, monkeypatch):
    import threading

    from conflictlens.geo import index

    def few_entries():
        for _ in range(200):  # slow enough for the builds to overlap
            yield JISR, ["Jisr al-Shoghour"]

    monkeypatch.setattr(index, "iter_builtin_entries", few_entries)
    errors = []

    def build():
        try:
            index.build_index(tmp_path / index.INDEX_NAME)
        except Exception as e:  # noqa: BLE001 - the test reports any failure
            errors.append(e)

    threads = [threading.Thread(target=build) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert index.SQLiteGazetteer(tmp_path / index.INDEX_NAME).meta("places") == "200"
    assert not list(tmp_path.glob("*.building"))


def test_index_opens_read_only_under_a_path_with_a_hash(tmp_path):
    import sqlite3

    from conflictlens.geo.index import SQLiteGazetteer

    path = tmp_path / "cache#1" / "gazetteer.sqlite3"
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT); INSERT INTO meta VALUES ('source_version', 'x');")
    conn.commit()
    conn.close()
    assert SQLiteGazetteer(path).meta("source_version") == "x"  # was "" (a "#" cut the URI), so rebuilt every run


def test_an_interrupted_write_of_an_earlier_version_is_rolled_back(tmp_path):
    import shutil
    import sqlite3

    from conflictlens.geo.store import _recover_journal

    path = tmp_path / "imported.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT); INSERT INTO meta VALUES ('a', '1');")
    conn.commit()
    conn.execute("PRAGMA cache_size=1")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO meta VALUES (?, 'x')", [(str(i) * 50,) for i in range(3000)])
    # Copy the file and its hot journal as a kill -9 would leave them.
    shutil.copyfile(path, tmp_path / "copy.sqlite3")
    shutil.copyfile(f"{path}-journal", tmp_path / "copy.sqlite3-journal")
    conn.rollback()
    conn.close()
    copy = tmp_path / "copy.sqlite3"
    _recover_journal(copy)
    ro = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    assert ro.execute("SELECT COUNT(*) FROM meta").fetchone() == (1,)
    ro.close()
