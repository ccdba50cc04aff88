from __future__ import annotations

import pytest

from conflictlens.errors import InputError
from conflictlens.text import check_english, english_share, normalize_text, other_language, paragraphs

ENGLISH = (
    "Syrian government forces and their allies shelled the town of Khan Sheikhoun on Monday, killing at least "
    "nine civilians, the Syrian Observatory for Human Rights reported. The opposition said it had repelled "
    "an attack on a hill to the north of the town."
)
FRENCH = (
    "Les forces gouvernementales syriennes et leurs alliés ont bombardé lundi la ville de Khan Cheikhoun, tuant "
    "au moins neuf civils, selon l'Observatoire syrien des droits de l'homme. L'opposition affirme avoir repoussé "
    "une attaque sur une colline au nord de la ville."
)
ARABIC = (
    "قصفت القوات الحكومية السورية وحلفاؤها بلدة خان شيخون يوم الاثنين، ما أسفر عن مقتل تسعة مدنيين على الأقل، "
    "بحسب المرصد السوري لحقوق الإنسان. وقالت المعارضة إنها صدت هجوما على تلة شمال البلدة."
)
RUSSIAN = (
    "Сирийские правительственные войска и их союзники в понедельник обстреляли город Хан-Шейхун, убив по меньшей "
    "мере девять мирных жителей, сообщает Сирийская обсерватория по правам человека. Оппозиция заявила, что "
    "отразила атаку на холм к северу от города."
)


def test_normalize_keeps_length_and_straightens():
    text = "\u201cWe\u2019re here,\u201d he said \u2014 in Idlib\u00a0city \u2013 on \u00abMonday\u00bb.\r\nNext"
    out = normalize_text(text)
    assert len(out) == len(text)
    assert out == "\"We're here,\" he said - in Idlib city - on \"Monday\".\n\nNext"


def test_normalize_leaves_plain_text_alone():
    assert normalize_text(ENGLISH) == ENGLISH
    assert normalize_text("Ma\u2018arrat an-Nu\u2018man") == "Ma'arrat an-Nu'man"


def test_paragraphs_split_on_blank_lines():
    text = "Headline\n\nFirst paragraph\nstill first.\n\n\n  \nSecond paragraph."
    spans = paragraphs(text)
    assert [text[s:e] for s, e in spans] == ["Headline", "First paragraph\nstill first.", "Second paragraph."]


def test_paragraphs_single_lines_when_no_blank_lines():
    text = "Line one.\nLine two.\n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["Line one.", "Line two."]


def test_paragraphs_edge_cases():
    assert paragraphs("") == []
    assert paragraphs("   \n\n  ") == []
    assert paragraphs("Just one.") == [(0, 9)]


def test_english_accepted():
    check_english(ENGLISH, "doc-en")
    assert english_share(ENGLISH) > 0.35


def test_short_latin_text_accepted():
    check_english("Clashes in Idlib", "doc-short")


def test_a_headline_with_few_function_words_is_english():
    check_english("Traders stone council office over new market fees, break windows; police tear gas, 9 held.", "doc-h")


@pytest.mark.parametrize("text", [FRENCH, ARABIC, RUSSIAN], ids=["french", "arabic", "russian"])
def test_non_english_refused(text):
    with pytest.raises(InputError) as info:
        check_english(text, "doc-x")
    assert info.value.doc_id == "doc-x"
    assert "English" in str(info.value)


def test_short_non_latin_text_refused():
    with pytest.raises(InputError, match="no English words"):
        check_english("خان شيخون", "doc-ar")


FRENCH = ("Des hommes armés ont attaqué un poste de contrôle près de Mopti lundi, tuant trois soldats, selon l'armée. "
          "Les manifestants se sont rassemblés dans le centre de Bamako pour exiger la libération des étudiants.")


@pytest.mark.parametrize(("text", "language"), [
    (FRENCH, "French"),
    ("Los manifestantes se reunieron en el centro de la capital para exigir la liberación de los detenidos. "
     "La policía dispersó a la multitud con gases lacrimógenos frente al palacio de gobierno.", "Spanish"),
    ("Die Demonstranten versammelten sich im Zentrum der Hauptstadt und forderten die Freilassung der Studenten. "
     "Die Polizei setzte Tränengas gegen die Menge vor dem Präsidentenpalast ein.", "German"),
])
def test_other_latin_script_languages_are_refused(text, language):
    assert other_language(text) == language
    with pytest.raises(InputError, match="not .*English"):
        check_english(text, "doc-x")


def test_transliterated_names_do_not_make_english_foreign():
    check_english("On 9 March 2021, LNA aircraft hit GNA posts near Bani Walid (Misrata). "
                  "Nobody was hurt. El Fasher and Sa'dah were calm, the UN said.", "doc-en")
