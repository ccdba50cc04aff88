from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictlens.errors import ConfigError
from conflictlens.model import Actor, ActorType, Event, Evidence, FramingLabel, Modality, Place, SourceClaim
from conflictlens.serialize import ACLED_COLUMNS, EXTRA_COLUMNS, FORMATS, event_to_record, to_jsonable, write_events, write_parquet


def dump(events, fmt: str) -> str:
    stream = io.StringIO()
    count = write_events(events, stream, fmt)
    assert count == (len(events) if fmt != "acled" else sum(1 for e in events if e.event_type))
    return stream.getvalue()


@pytest.fixture
def events(make_event):
    located = make_event()
    unlocated = make_event(
        event_id="evt-0002", place=Place(name="the countryside", kind="unresolved", reason="no gazetteer match"),
        event_date=None, time_precision=None, fatalities=0, actor2=None,
        framing=(FramingLabel("Hayat Tahrir al-Sham", "terrorists", "delegitimising",
                              Evidence("framing", 0, 10, "terrorists", "actors")),),
    )
    plover_only = make_event(event_id="evt-0003", event_type="", sub_event_type="", disorder_type="",
                             plover_event="ACCUSE", place=None)
    return [located, unlocated, plover_only]


def test_record_has_every_acled_and_extra_column(make_event):
    record = event_to_record(make_event())
    assert set(ACLED_COLUMNS) <= set(record)
    assert set(EXTRA_COLUMNS) <= set(record)
    assert record["event_date"] == "2019-08-05" and record["year"] == 2019
    assert record["inter1"] == 1 and record["inter2"] == 2
    assert record["iso"] == 760 and record["country"] == "Syria"
    assert record["modality"] == "asserted"
    assert record["source_chain"] == ["Example News", "SOHR"]
    json.dumps(record)  # every value is JSON-ready


def test_record_of_bare_event_has_empty_values(make_event):
    record = event_to_record(make_event(actor1=None, actor2=None, place=None, event_date=None))
    assert record["event_date"] == "" and record["year"] is None
    assert record["actor1"] == "" and record["inter1"] is None
    assert record["latitude"] is None and record["location"] == ""
    assert record["civilian_targeting"] == ""


def test_to_jsonable_handles_records():
    value = to_jsonable({"d": dt.date(2019, 8, 6), "t": ActorType.REBEL, "m": Modality.DENIED, "s": {1, 1},
                         "a": Actor("X", ActorType.STATE)})
    assert value["d"] == "2019-08-06"
    assert value["t"] == 2
    assert value["m"] == "denied"
    assert value["s"] == [1]
    assert value["a"]["name"] == "X" and value["a"]["type"] == 1


def test_jsonl_round_trip(events):
    lines = dump(events, "jsonl").splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    assert [r["event_id"] for r in records] == ["evt-0001", "evt-0002", "evt-0003"]
    assert records[0]["latitude"] == 35.44208 and records[0]["fatalities"] == 9
    assert records[1]["latitude"] is None and records[1]["event_date"] == ""
    assert records[1]["framing"] == [{"actor": "Hayat Tahrir al-Sham", "label": "terrorists", "category": "delegitimising"}]
    assert records[0]["evidence"][0]["text"] == "at least 9 killed"


def test_jsonl_keeps_non_ascii(make_event):
    text = dump([make_event(notes="Khān Shaykhūn — قصف")], "jsonl")
    assert "Khān Shaykhūn — قصف" in text


def test_csv_round_trip(events):
    rows = list(csv.DictReader(io.StringIO(dump(events, "csv"))))
    assert len(rows) == 3
    assert tuple(rows[0]) == ACLED_COLUMNS + EXTRA_COLUMNS
    assert rows[0]["event_id"] == "evt-0001"
    assert float(rows[0]["latitude"]) == 35.44208
    assert int(rows[0]["fatalities"]) == 9
    assert rows[1]["latitude"] == "" and rows[1]["event_date"] == ""
    assert json.loads(rows[0]["source_chain"]) == ["Example News", "SOHR"]
    assert json.loads(rows[0]["evidence"])[0]["field"] == "fatalities"


def test_acled_csv_skips_plover_only_events(events):
    text = dump(events, "acled")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert [r["event_id"] for r in rows] == ["evt-0001", "evt-0002"]
    assert rows[0]["actor1"] == "Military Forces of Syria (2000-2024)"
    assert rows[0]["interaction"] == "12"


def test_plover_json(events, make_event):
    records = json.loads(dump(events, "plover"))
    assert [r["id"] for r in records] == ["evt-0001", "evt-0002", "evt-0003"]
    clash = records[0]
    # Two-sided fighting puts both sides in "actor".
    assert clash["actor"] == ["Military Forces of Syria (2000-2024)", "Hayat Tahrir al-Sham"]
    assert clash["recipient"] == []
    assert clash["location"]["lat"] == 35.44208 and clash["location"]["resolution"] == 4
    assert records[2]["event_type"] == "ACCUSE" and records[2]["location"]["lat"] is None
    [attack] = json.loads(dump([make_event(sub_event_type="Attack", actor2=Actor("Civilians (Syria)", ActorType.CIVILIANS))],
                               "plover"))
    assert attack["actor"] == ["Military Forces of Syria (2000-2024)"]
    assert attack["recipient"] == ["Civilians (Syria)"]


def test_geojson(events, make_event):
    collection = json.loads(dump(events, "geojson"))
    assert collection["type"] == "FeatureCollection"
    located, unlocated, no_place = collection["features"]
    assert located["geometry"] == {"type": "Point", "coordinates": [36.65095, 35.44208]}
    assert located["id"] == "evt-0001"
    assert located["properties"]["fatalities"] == 9
    assert "evidence" not in located["properties"]
    # No coordinates -> null geometry, never a made-up point.
    assert unlocated["geometry"] is None
    assert no_place["geometry"] is None
    half = make_event(place=Place(name="X", latitude=35.0, longitude=None))
    assert json.loads(dump([half], "geojson"))["features"][0]["geometry"] is None


def test_zero_coordinates_are_a_point(make_event):
    event = make_event(place=Place(name="Null Island", latitude=0.0, longitude=0.0))
    feature = json.loads(dump([event], "geojson"))["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [0.0, 0.0]}


def test_empty_event_list(make_event):
    assert dump([], "jsonl") == ""
    assert json.loads(dump([], "geojson"))["features"] == []
    assert list(csv.reader(io.StringIO(dump([], "csv")))) == [list(ACLED_COLUMNS + EXTRA_COLUMNS)]


def test_parquet_round_trip(events, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    assert write_parquet(events, str(path)) == 3
    rows = pq.read_table(path).to_pylist()
    assert [r["event_id"] for r in rows] == ["evt-0001", "evt-0002", "evt-0003"]
    assert rows[0]["latitude"] == 35.44208 and rows[1]["latitude"] is None
    assert rows[0]["fatalities"] == 9
    assert json.loads(rows[0]["source_chain"]) == ["Example News", "SOHR"]
    assert json.loads(rows[0]["place"])["location"] == "Khan Shaykhun"


def test_unknown_format_is_config_error(events):
    assert "xml" not in FORMATS
    with pytest.raises(ConfigError, match="xml"):
        write_events(events, io.StringIO(), "xml")


def test_parquet_is_not_a_text_format(events):
    with pytest.raises(ConfigError):
        write_events(events, io.StringIO(), "parquet")


text_fields = st.text(max_size=40)
coordinates = st.one_of(st.none(), st.floats(min_value=-90, max_value=90, allow_nan=False, allow_infinity=False))
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
actors = st.one_of(st.none(), st.builds(Actor, name=text_fields, type=st.one_of(st.none(), st.sampled_from(ActorType))))
places = st.builds(Place, name=text_fields, latitude=coordinates, longitude=coordinates, country=text_fields)
random_events = st.builds(
    Event,
    event_id=text_fields, doc_id=text_fields, event_type=text_fields, sub_event_type=text_fields,
    disorder_type=text_fields, plover_event=text_fields, plover_mode=text_fields, event_date=dates,
    time_precision=st.one_of(st.none(), st.integers(1, 3)), date_phrase=text_fields, actor1=actors, actor2=actors,
    place=st.one_of(st.none(), places), fatalities=st.integers(min_value=0, max_value=10**6), notes=text_fields,
    modality=st.sampled_from(Modality), source=st.builds(SourceClaim, chain=st.tuples(text_fields), source=text_fields),
    confidence=st.floats(0, 1),
)


@given(random_events)
def test_jsonl_round_trip_property(event):
    text = dump([event], "jsonl")
    # One line per event: "\n" inside text fields is escaped (other line separators such as U+2028 may stay raw,
    # which JSON allows, so split on "\n" only, as JSONL readers do).
    assert text.endswith("\n") and text.count("\n") == 1
    record = json.loads(text)
    assert record["event_id"] == event.event_id
    assert record["event_date"] == (event.event_date.isoformat() if event.event_date else "")
    assert record["fatalities"] == event.fatalities
    assert record["latitude"] == (event.place.latitude if event.place else None)
    assert record["notes"] == event.notes
    assert record["modality"] == event.modality.value


def test_record_fields_list_every_record_key(make_event):
    from conflictlens.serialize import RECORD_FIELDS, event_to_record

    assert tuple(event_to_record(make_event())) == RECORD_FIELDS


@pytest.mark.parametrize("publisher", ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_cells_that_would_run_as_formulas_are_neutralised(make_event, publisher):
    import csv
    import dataclasses
    import io

    from conflictlens.model import SourceClaim
    from conflictlens.serialize import write_events

    event = make_event()
    assert isinstance(event.source, SourceClaim)
    event = dataclasses.replace(event, source=dataclasses.replace(event.source, source=publisher))
    for fmt in ("csv", "acled"):
        stream = io.StringIO(newline="")
        write_events([event], stream, fmt)
        row = next(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))
        assert row["source"] == "'" + publisher.replace("\r", "\n")
        assert row["longitude"] == "" or not row["longitude"].startswith("'")


def test_empty_parquet_file_has_every_column(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from conflictlens.serialize import RECORD_FIELDS, write_parquet

    path = tmp_path / "none.parquet"
    assert write_parquet([], str(path)) == 0
    assert tuple(pq.read_table(path).column_names) == RECORD_FIELDS
    assert not [p for p in tmp_path.iterdir() if p.name != "none.parquet"]
