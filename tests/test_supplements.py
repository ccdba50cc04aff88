from __future__ import annotations

import math

from conflictlens.geo import supplements
from conflictlens.geo.supplements import demonym_index, load_admin1, load_countries


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def test_countries_have_syria():
    countries = load_countries()
    syria = countries["SY"]
    assert syria.iso == 760
    assert syria.name == "Syria"
    assert "Syrian" in syria.demonyms
    assert syria.code == "SY"


def test_countries_codes_and_iso_numbers():
    countries = load_countries()
    assert len(countries) > 240
    assert countries["YE"].iso == 887
    assert all(code == c.code and len(code) == 2 for code, c in countries.items())
    isos = [c.iso for c in countries.values() if c.iso is not None]
    assert len(isos) == len(set(isos))


def test_demonym_index():
    index = demonym_index()
    assert index["syrian"] == "SY"
    assert index["yemeni"] == "YE"
    assert index["syria"] == "SY"
    # Lowercase keys, except short all-capital acronyms, which keep their case ("US" but not "us").
    assert all(key == key.lower() or (key.isupper() and len(key) <= 4) for key in index)
    assert index["US"] == "US"
    assert "us" not in index


def test_country_of_word():
    country_of_word = supplements.country_of_word
    assert country_of_word("Syrian") == "SY"
    assert country_of_word("YEMENI") == "YE"
    assert country_of_word("US") == "US"
    assert country_of_word("us") == ""
    assert country_of_word("Atlantis") == ""


def test_admin1_has_idleb_with_seat_near_idlib():
    units = load_admin1()
    [idleb] = [u for u in units if u.country == "SY" and u.name == "Idleb"]
    assert "Idlib" in idleb.aliases
    assert idleb.seat == "Idlib"
    assert km(idleb.seat_lat, idleb.seat_lon, 35.93, 36.63) < 20


def test_admin1_rows_are_well_formed():
    units = load_admin1()
    countries = load_countries()
    assert units
    for unit in units:
        assert unit.country in countries, unit
        assert unit.name, unit
        if unit.seat_lat is not None:
            assert -90 <= unit.seat_lat <= 90 and -180 <= unit.seat_lon <= 180, unit
