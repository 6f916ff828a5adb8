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


def test_a_phrase_holds_through_modal_particles(make_engine):
    """Fillers inside a fixed expression do not change it: "een stelletje echt idioten"."""
    engine = make_engine(pack())
    assert spans(engine, "Een stelletje echt idioten daar.") == ["stelletje echt idioten"]
    assert spans(engine, "Een stelletje toch gewoon echt idioten.") == [
        "stelletje toch gewoon echt idioten"
    ]


def test_particles_are_skipped_only_a_few_at_a_time(make_engine):
    """More than three fillers in a row are no longer one expression."""
    engine = make_engine(pack())
    assert spans(engine, "Een stelletje toch nou gewoon echt idioten.") == []


def test_a_negator_is_no_particle(make_engine):
    engine = make_engine(pack())
    assert spans(engine, "Een stelletje niet idioten, maar harde werkers.") == []


def test_particles_do_not_join_words_across_sentences(make_engine):
    engine = make_engine(pack())
    assert spans(engine, "Wat een stelletje. Echt idioten zijn het niet.") == []


def test_english_particles(make_engine):
    engine = make_engine(
        "rules:\n"
        + rule_yaml(
            """
            - id: T-LEX-002
              type: lexicon
              category: tone
              severity: warning
              terms: {en: [you are a disgrace]}
            """
        )
    )
    assert spans(engine, "Minister, you are honestly a disgrace.") == [
        "you are honestly a disgrace"
    ]
    assert spans(engine, "Minister, you are not a disgrace.") == []


def test_a_regional_service_is_also_spoken_of_by_its_kind():
    from postcheck.profile.phrases import department_phrases, organisation_phrases

    assert "de GGD" in organisation_phrases("GGD Gelderland-Zuid")
    assert "de Brandweer" in department_phrases("Brandweer Twente, sector Risicobeheersing")
    # a ministry or a municipality has its own forms, not a "kind" of its first word
    assert organisation_phrases("Ministerie van Financiën") == ["Ministerie van Financiën"]
    assert "de gemeente" in organisation_phrases("Gemeente Utrecht")
