from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conflictlens.actors import kb as kb_module
from conflictlens.actors.kb import KBEntry, MemoryKB, Predecessor, load_lexicon, read_actor_file, shipped_entries
from conflictlens.errors import DataFileError
from conflictlens.model import ActorType

HTS = KBEntry(
    "hts", "Hayat Tahrir al-Sham", ActorType.REBEL, "SY", "REB",
    aliases=("Hay'at Tahrir al-Sham", "Tahrir al-Sham"), case_sensitive_aliases=("HTS",),
    lineage=(Predecessor("Jabhat Fateh al-Sham", ("JFS",), dt.date(2017, 1, 28)),),
)
IZZA = KBEntry("jaysh-al-izza", "Jaysh al-Izza", ActorType.REBEL, "SY", "REB", aliases=("Jaish al-Izza",))
IS = KBEntry("islamic-state", "Islamic State", ActorType.REBEL, "", "REB", aliases=("ISIS", "ISIL"),
             case_sensitive_aliases=("IS",))


@pytest.fixture
def kb():
    return MemoryKB([HTS, IZZA, IS])


def test_exact_alias_match_ignores_case_and_punctuation(kb):
    assert kb.match("Hayat Tahrir al-Sham") is HTS
    assert kb.match("hayat tahrir al sham") is HTS
    assert kb.match("Hay’at Tahrir al-Sham") is HTS
    assert kb.match("Jabhat Fateh al-Sham") is HTS  # a predecessor name leads to its successor
    assert kb.match("Free Syrian Army") is None
    assert len(kb) == 3


def test_case_sensitive_alias(kb):
    assert kb.match("IS") is IS
    assert kb.match("is") is None
    assert kb.match("Is") is None
    assert kb.match("HTS") is HTS
    assert kb.match("isis") is IS  # ordinary aliases are case-insensitive


def test_transliteration_variant_via_skeleton(kb):
    assert kb.match("Jeish al-Izzeh") is IZZA
    assert kb.match("Jaysh al-Izzah") is IZZA


def test_short_keys_do_not_match_by_skeleton():
    entry = KBEntry("abcd", "Abadi Force", ActorType.POLITICAL_MILITIA)
    kb = MemoryKB([entry])
    assert kb.match("abadi force") is entry
    assert kb.match("Abd") is None


def test_ambiguous_skeleton_matches_nothing():
    other = KBEntry("jaish-al-uzza", "Jaish al-Uzza", ActorType.POLITICAL_MILITIA, "IQ")
    kb = MemoryKB([IZZA, other])
    assert kb.match("Jeish al-Izzeh") is None
    # Exact keys still work for both.
    assert kb.match("Jaysh al-Izza") is IZZA
    assert kb.match("Jaish al-Uzza") is other


def test_ambiguous_skeleton_stays_ambiguous_with_third_entry():
    second = KBEntry("jaish-al-uzza", "Jaish al-Uzza", ActorType.POLITICAL_MILITIA, "IQ")
    third = KBEntry("jeysh-al-azza", "Jeysh al-Azza", ActorType.POLITICAL_MILITIA, "YE")
    kb = MemoryKB([IZZA, second, third])
    assert kb.match("Jeish al-Izzeh") is None


def test_later_entry_wins_on_shared_name():
    first = KBEntry("a", "Desert Hawks", ActorType.POLITICAL_MILITIA, "SY")
    second = KBEntry("b", "Desert Hawks Brigade", ActorType.POLITICAL_MILITIA, "SY", aliases=("Desert Hawks",))
    kb = MemoryKB([first, second])
    assert kb.match("Desert Hawks") is second
    assert len(kb) == 2


def test_alias_keys(kb):
    keys = kb.alias_keys()
    assert "hayat tahrir sham" in keys
    assert "jabhat fateh sham" in keys
    assert "isis" in keys


def test_read_actor_file_yaml(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- id: local-militia\n"
        "  name: Local Defence Forces\n"
        "  type: political_militia\n"
        "  country: sy\n"
        "  sector: PRM\n"
        "  aliases: [LDF militia, Quwat al-Difa al-Mahalli]\n"
        "  case_sensitive_aliases: [LDF]\n"
        "  lineage:\n"
        "    - name: Old Defence Committees\n"
        "      until: 2017\n",
        encoding="utf-8",
    )
    [entry] = read_actor_file(path)
    assert entry.id == "local-militia"
    assert entry.type is ActorType.POLITICAL_MILITIA
    assert entry.country == "SY"
    assert entry.aliases == ("LDF militia", "Quwat al-Difa al-Mahalli")
    assert entry.case_sensitive_aliases == ("LDF",)
    assert entry.lineage[0].until == dt.date(2017, 12, 31)
    assert entry.source == str(path)
    assert MemoryKB([entry]).match("Old Defence Committees") is entry


def test_read_actor_file_csv(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "id,name,type,country,aliases\n"
        "sdf,Syrian Democratic Forces,rebel,SY,SDF|QSD\n"
        ",Sultan Murad Division,Political_Militia,SY,\n",
        encoding="utf-8",
    )
    sdf, murad = read_actor_file(path)
    assert sdf.id == "sdf" and sdf.type is ActorType.REBEL and sdf.aliases == ("SDF", "QSD")
    assert murad.id == "sultan-murad-division"  # id made from the name
    assert murad.type is ActorType.POLITICAL_MILITIA
    assert murad.aliases == ()


@pytest.mark.parametrize(
    "content",
    [
        "- id: x\n  type: rebel\n",  # no name
        "- id: x\n  name: X\n  type: wizard\n",  # unknown type
        "- id: x\n  name: X\n  type: rebel\n  lineage:\n    - until: 2017\n",  # predecessor without name
        "- id: x\n  name: X\n  type: rebel\n  lineage:\n    - name: Y\n      until: someday\n",  # bad date
        "id: x\nname: X\n",  # not a list
        "- id: x\n  name: [unclosed\n",  # not YAML
    ],
    ids=["no-name", "bad-type", "lineage-no-name", "bad-until", "not-a-list", "bad-yaml"],
)
def test_malformed_actor_file(tmp_path, content):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError):
        read_actor_file(path)


def test_malformed_csv_actor_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,name,type\nx,X,\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="bad actor entry"):
        read_actor_file(path)


def test_missing_actor_file(tmp_path):
    with pytest.raises(DataFileError):
        read_actor_file(tmp_path / "nope.yaml")


def test_non_mapping_actor_entry_is_data_file_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("- just a string\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        read_actor_file(path)


def test_shipped_entries_are_valid():
    from conflictlens.geo.supplements import load_countries

    entries = shipped_entries()
    assert len(entries) > 0
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    countries = load_countries()
    for entry in entries:
        assert isinstance(entry.type, ActorType), entry
        assert entry.name, entry
        assert entry.sector == "" or entry.sector in kb_module.VALID_SECTORS, entry
        assert entry.country == "" or entry.country in countries, entry
        assert entry.source.startswith("actors/data/") and not entry.source.startswith("actors/data/_"), entry


def test_shipped_canonical_names_resolve_to_their_entry():
    entries = shipped_entries()
    kb = MemoryKB(entries)
    clashes = [(e.id, e.name) for e in entries if kb.match(e.name) is not e]
    assert clashes == []


def test_shipped_entries_reads_yaml_and_skips_lexicons(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "_lexicon.yaml").write_text("military: {heads: [army]}\n", encoding="utf-8")
    (data / "notes.txt").write_text("not an actor file\n", encoding="utf-8")
    (data / "syria.yaml").write_text("- {id: a, name: A Group, type: rebel}\n- {id: b, name: B Group, type: state}\n",
                                     encoding="utf-8")
    monkeypatch.setattr(kb_module.resources, "files", lambda package: tmp_path)
    entries = shipped_entries()
    assert [e.id for e in entries] == ["a", "b"]
    assert entries[0].source == "actors/data/syria.yaml"


def test_shipped_entries_refuse_duplicate_ids(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_text("- {id: dup, name: A Group, type: rebel}\n", encoding="utf-8")
    (data / "b.yaml").write_text("- {id: dup, name: B Group, type: rebel}\n", encoding="utf-8")
    monkeypatch.setattr(kb_module.resources, "files", lambda package: Path(tmp_path))
    with pytest.raises(DataFileError, match="duplicate actor id 'dup'"):
        shipped_entries()


def test_generic_lexicon_classes():
    lexicon = load_lexicon("_generic.yaml")
    assert {"military", "police", "civilians"} <= set(lexicon)
    assert "army" in lexicon["military"]["heads"]
    assert "{the_country}" in lexicon["military"]["template"] or "{country}" in lexicon["military"]["template"]
    assert ActorType.from_name(lexicon["civilians"]["type"]) is ActorType.CIVILIANS
    assert ActorType.from_name(lexicon["police"]["type"]) is ActorType.STATE


def test_missing_lexicon_is_data_file_error():
    with pytest.raises(DataFileError):
        load_lexicon("_no_such_lexicon.yaml")


def test_state_names_take_acleds_article():
    from conflictlens.actors.generic import format_template
    from conflictlens.geo.supplements import load_countries

    countries = load_countries()
    assert format_template("Military Forces of {the_country}", countries["CD"]) == "Military Forces of the Democratic Republic of Congo"
    assert format_template("Military Forces of {the_country}", countries["SY"]) == "Military Forces of Syria"
    assert format_template("Civilians ({country})", countries["CD"]) == "Civilians (Democratic Republic of Congo)"


def test_actor_names_follow_the_lineage_by_date():
    import datetime as dt

    from conflictlens.actors.kb import KBEntry, Predecessor
    from conflictlens.model import ActorType

    entry = KBEntry("aussom", "AUSSOM", ActorType.EXTERNAL, lineage=(
        Predecessor("AMISOM", (), dt.date(2022, 4, 1)), Predecessor("ATMIS", (), dt.date(2025, 1, 1))))
    assert entry.name_on(dt.date(2020, 5, 1)) == "AMISOM"
    assert entry.name_on(dt.date(2024, 3, 2)) == "ATMIS"
    assert entry.name_on(dt.date(2025, 6, 1)) == "AUSSOM"
    assert entry.name_on(None) == "AUSSOM"
