"""Lexicon rules: words and phrases on lemmas or lower case, with exceptions."""

from __future__ import annotations

from conftest import rule_yaml, spans


def pack(extra: str = "") -> str:
    return "rules:\n" + rule_yaml(
        f"""
        - id: T-LEX-001
          type: lexicon
          category: tone
          severity: warning
          terms:
            nl: [prutser, stelletje idioten, vertrouwelijk]
            en: [idiot]
          {extra}
        """
    )


def test_matches_inflected_forms_via_lemmas(make_engine):
    engine = make_engine(pack())
    assert spans(engine, "Wat een prutsers zijn het.") == ["prutsers"]


def test_matches_phrases(make_engine):
    engine = make_engine(pack())
    assert spans(engine, "Een stelletje idioten daar.") == ["stelletje idioten"]


def test_english_terms_only_in_english(make_engine):
    engine = make_engine(pack())
    assert spans(engine, "What an idiot he is, honestly.") == ["idiot"]
    assert spans(engine, "Wat een idiot is dat, eerlijk gezegd.") == []


def test_exceptions_suppress_a_match_inside_them(make_engine):
    engine = make_engine(pack('exceptions: {nl: ["vertrouwelijk gesprek"]}'))
    assert spans(engine, "Vertrouwelijk gesprek gehad met de kat.") == []
    assert spans(engine, "Dit is vertrouwelijk, niet doorsturen.") == ["vertrouwelijk"]


def test_lower_case_match_does_not_lemmatise(make_engine):
    engine = make_engine(pack("match: lower"))
    assert spans(engine, "Een prutser.") == ["prutser"]
    assert spans(engine, "Twee prutsers.") == []


def test_compounds(make_engine):
    engine = make_engine(pack("compounds: true"))
    assert spans(engine, "Wat een stelletje kantoorprutsers.") == ["kantoorprutsers"]


def test_positions_are_character_offsets(make_engine):
    engine = make_engine(pack())
    text = "🙂 Ça va?\r\nWat een prutser."
    finding = engine.check_text(text).findings[0]
    assert text[finding.start : finding.end] == finding.text == "prutser"
    assert (finding.line, finding.column) == (2, 9)


def test_derivations_are_not_compounds(make_engine):
    engine = make_engine(
        "rules:\n"
        + __import__("conftest").rule_yaml(
            """
            - id: T-LEX-002
              type: lexicon
              category: proximity
              severity: info
              compounds: true
              terms: {nl: [natuur, toeslag]}
            """
        )
    )
    assert spans(engine, "Dat is natuurlijk zo.") == []
    assert spans(engine, "De huurtoeslagen gaan omhoog.") == ["huurtoeslagen"]
