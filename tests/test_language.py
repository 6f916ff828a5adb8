"""The language layer on its own: normalisation, negation, targets, evaluations, speech acts.

Each test states one phenomenon with a pair of drafts that differ in it, so that a change
that breaks the phenomenon (not a sentence) shows up here.
"""

from __future__ import annotations

import pytest

from postcheck.language.analysis import Analysis, analyse
from postcheck.language.normalise import camel_parts, fold, spaced_words
from postcheck.language.pipeline import LANGUAGES, get_pipeline, is_known, lemma_of
from postcheck.language.resources import lexicon


def run(text: str, lang: str = "nl", own: tuple = ()) -> Analysis:
    doc = get_pipeline(lang)(text)
    known = lambda w: any(is_known(w, lg) for lg in LANGUAGES)  # noqa: E731
    return analyse(doc, text, lexicon(lang), known, own, lambda w: lemma_of(w, lang))


def kinds(a: Analysis, *, live: bool = True) -> set[str]:
    """Evaluation kinds that count (not negated, not someone else's words)."""
    return {e.kind for e in a.evaluations if not live or not (e.negated or e.reported)}


def acts(a: Analysis) -> set[str]:
    return {x.kind for x in a.acts}


# ------------------------------------------------------------------ normalisation


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("K4nk3r", "kanker"),
        ("k.u.t", "kut"),
        ("haaaaat", "haat"),
        ("#M0slims", "moslims"),
        ("h@@t", "haat"),
        ("1d10ot", "idioot"),
        ("2024", "2024"),
        ("F-35", "f35"),
    ],
)
def test_fold_undoes_disguise(word, folded):
    assert fold(word) == folded


def test_spaced_letters_are_joined_but_ordinary_short_words_are_not():
    runs = spaced_words(["i", "d", "i", "o", "o", "t", "!", "U", "is"])
    assert [r.word for r in runs] == ["idioot"]
    assert spaced_words(["U", "is", "a", "b"]) == []


def test_camel_case_hashtags_split():
    assert camel_parts("#KutKabinet") == ["kut", "kabinet"]
    assert camel_parts("#klimaat") == []


@pytest.mark.parametrize(
    "text",
    [
        "Ik haat m0slims.",  # leet
        "Ik haat mosilms.",  # swapped letters in the group
        "Ik ahat moslims.",  # swapped letters in the verb
        "Ik haat mos lims.",  # a space inside
        "ikhaatmoslims",  # spaces removed
        "i k h a a t m o s l i m s",  # spaced out
        "Ik h44t moslims.",  # the tokenizer splits at the digits
    ],
)
def test_hate_is_found_in_disguise(text):
    a = run(text)
    assert "hate-verb" in kinds(a)
    assert any(t.kind == "group" and t.name == "moslims" for t in a.targets)


def test_an_unknown_compound_is_not_read_as_an_insult_for_a_harsh_looking_part():
    assert not kinds(run("Vluchtelingen kunnen zich melden bij het gemeenteloket."))
    assert not kinds(run("Het grofvuil wordt maandag opgehaald."))


# ----------------------------------------------------------------------- negation


def test_negation_takes_the_force_out_of_its_clause_only():
    a = run("Ik haat moslims niet, maar ik haat racisme.")
    haat = [e for e in a.evaluations if e.kind == "hate-verb"]
    assert [e.negated for e in haat] == [True, False]


def test_negation_before_the_adjective_and_after_the_object():
    assert all(e.negated for e in run("Hij is niet dom.").evaluations if e.kind == "contempt")
    assert all(e.negated for e in run("Ik haat ze niet.").evaluations if e.kind == "hate-verb")


def test_negation_in_a_subordinate_clause_does_not_reach_back():
    a = run("Ik ga hem zo hard slaan dat hij nooit meer opstaat.")
    assert any(e.kind == "violence" and not e.negated for e in a.evaluations)


@pytest.mark.parametrize(
    "text",
    ["Hypocrieter wordt het niet.", "Dommer kan het toch echt niet.", "Erger krijg je het niet"],
)
def test_the_degree_idiom_negates_nothing(text):
    """ "Hypocrieter wordt het niet" says: as hypocritical as it gets."""
    a = run(text)
    assert a.evaluations
    assert not any(e.negated for e in a.evaluations)


def test_without_a_comparative_the_closing_niet_still_negates():
    a = run("Goed wordt het niet.")
    assert all(e.negated for e in a.evaluations if e.kind == "praise")
    assert "praise" not in kinds(a)


def test_shaming_is_contempt_for_the_one_addressed():
    a = run("Schaam je, Utrecht.")
    assert "contempt" in kinds(a)
    assert any(t.kind == "addressee" for t in a.targets)


def test_shaming_those_who_spread_hate_is_counter_speech():
    a = run("Wie zondag 'vuile moslims' heeft geroepen: schaam je diep.")
    assert a.reported
    assert "contempt" not in kinds(a)


@pytest.mark.parametrize(
    "text",
    [
        "In het artikel staat dat de opvang sluit. Dat klopt niet: zie de Kamerbrief.",
        "Mensen zeggen dat statushouders voorrang krijgen. Dat is een fabel.",
        "A columnist claims that the dikes are weak. That is not true.",
    ],
)
def test_correcting_a_reported_claim_is_no_judgement(text):
    a = run(text, "en" if text.startswith("A ") else "nl")
    assert a.reported
    assert not kinds(a) - {"sentiment"}


def test_a_correction_that_goes_on_to_judge_still_judges():
    a = run("De krant schrijft dat het beleid werkt. Dat klopt niet, het is een ramp.")
    assert "negative-stance" in kinds(a)


def test_a_denial_without_a_reported_claim_judges():
    a = run("Dit plan klopt niet.")
    assert not a.reported


def test_negated_praise_is_mild_criticism_and_a_phrase_keeps_its_own_negator():
    assert "negated-praise" in kinds(run("Dit is geen goed plan."))
    a = run("Eerlijk: geen goed idee.")
    assert any(e.kind == "negative-stance" and not e.negated for e in a.evaluations)


# ---------------------------------------------------------- intensifiers and irony


def test_an_intensifier_before_praise_is_no_insult():
    assert kinds(run("Dat was bizar goed, idioot veel inspiratie opgedaan.")) <= {
        "praise",
        "sentiment",
        "positive-stance",
    }
    assert "insult" in kinds(run("Die man is een idioot."))


def test_irony_turns_praise_into_sarcasm_and_sincere_praise_stays_praise():
    assert "sarcasm" in kinds(run("Goed bezig weer, ministerie 🙄"))
    assert "sarcasm" in kinds(run("Ook een visie, zullen we maar zeggen."))
    assert "sarcasm" not in kinds(run("Goed gedaan team, de regeling staat online 👏"))
    assert "sarcasm" not in kinds(run("Dank je wel hoor, voor het meedenken!"))


def test_quoting_hate_to_condemn_it_is_counter_speech():
    a = run("'Alle moslims zijn tuig' roepen is gewoon racisme.")
    assert a.evaluations and all(e.reported for e in a.evaluations if e.kind != "sentiment")
    b = run("Alle moslims zijn tuig.")
    assert not any(e.reported for e in b.evaluations)


def test_a_judgement_attributed_to_a_report_is_marked_as_someone_elses():
    a = run("Volgens het rapport is de regeling onuitvoerbaar.")
    assert a.evaluations and all(e.attributed for e in a.evaluations)
    b = run("Ik vind de regeling onuitvoerbaar.")
    assert not any(e.attributed for e in b.evaluations)


# ------------------------------------------------------------------------ targets


def test_targets_groups_roles_politicians_and_handles():
    a = run("Die minister en @jan_de_vries praten met Wilders over asielzoekers.")
    found = {(t.kind, t.name) for t in a.targets}
    assert ("person", "minister") in found
    assert ("addressee", "@jan_de_vries") in found
    assert ("politician", "PVV") in found
    assert ("group", "migranten") in found or any(k == "group" for k, _ in found)


def test_het_beside_a_copula_points_back_at_the_group_but_an_article_does_not():
    a = run("Die asielzoekers weer. Ratten zijn het, allemaal.")
    back = [t for t in a.targets if t.sent == 1]
    assert back and back[0].kind == "group" and back[0].name == "migranten"
    b = run("Die asielzoekers weer. Het beleid werkt niet.")
    assert not [t for t in b.targets if t.sent == 1]
    c = run("Het zijn ratten.")  # no group named before: nothing to point back at
    assert not c.targets


def test_a_pronoun_refers_to_the_group_named_before():
    a = run("Ik heb het over moslims. Ik haat ze.")
    ze = [t for t in a.targets if t.sent == 1]
    assert ze and ze[0].kind == "group" and ze[0].name == "moslims"


def test_own_area_spans_from_the_engine_are_targets():
    text = "Het stikstofbeleid wordt een ramp."
    a = run(text, own=(("own-area", 4, 17),))
    assert any(t.kind == "own-area" for t in a.targets)


def test_unlisted_plurals_for_kinds_of_people_are_targets():
    assert any(t.kind == "people" for t in run("Ik haat Ajax-fans.").targets)
    assert not any(t.kind == "people" for t in run("Ik haat deze printer.").targets)


# ---------------------------------------------------------------------- speech acts


@pytest.mark.parametrize(
    "text",
    [
        "Ik ga die minister een kogel door zijn kop jagen.",
        "Ik sla je in elkaar.",
        "Die asielzoekers zou je gewoon de zee in moeten schieten.",
        "Vermoord ze allemaal, die joden.",
    ],
)
def test_threats(text):
    assert "threat" in acts(run(text))


@pytest.mark.parametrize(
    "text",
    [
        "Ik schiet bijna in de lach om jou.",
        "De asielopvang gaat op de schop, hoorden jullie al?",
        "Jouw plan schiet tekort.",
        "I'm dead tired of you.",
    ],
)
def test_a_figurative_expression_carries_no_violence(text):
    a = run(text, "en" if text.startswith("I'm") else "nl")
    assert "violence" not in kinds(a)
    assert "threat" not in acts(a)


def test_a_figurative_phrase_of_another_kind_still_judges():
    assert "negative-stance" in kinds(run("Dit plan schiet tekort."))


def test_the_violence_word_outside_the_expression_still_threatens():
    assert "threat" in acts(run("Ik schiet je neer."))


@pytest.mark.parametrize(
    "text",
    [
        "De politie heeft een man aangehouden die dreigde de burgemeester te vermoorden.",
        "Ik ga niemand in elkaar slaan.",
        "Ik ga die deadline vermoorden, wat een werk.",
    ],
)
def test_no_threat_when_reported_negated_or_aimed_at_nothing(text):
    assert "threat" not in acts(run(text))


def test_a_commitment_needs_we_or_the_organisation_and_a_work_topic():
    own = (("own-organisation", 0, 0),)
    text = "We gaan dit regelen: de respijtzorg wordt volgend jaar beter."
    assert "commitment" in acts(
        run(text, own=(("own-area", text.index("respijtzorg"), text.index("respijtzorg") + 11),))
    )
    assert "commitment" not in acts(run("We gaan vanavond uit eten.", own=own[:0]))
    assert "commitment" not in acts(run("Gaan we de respijtzorg verbeteren?", own=own))


def test_a_personal_promise_to_the_public_about_work_is_a_commitment():
    text = "Aan alle ouders op de wachtlijst voor respijtzorg: ik beloof jullie een gesprek."
    own = (("own-area", text.index("respijtzorg"), text.index("respijtzorg") + 11),)
    assert "commitment" in acts(run(text, own=own))
    # No one addressed: the author's own resolution, not a promise to the public.
    text = "Ik beloof mezelf dat ik na de respijtzorg-deadline een week vrij neem."
    own = (("own-area", text.index("respijtzorg"), text.index("respijtzorg") + 11),)
    assert "commitment" not in acts(run(text, own=own))


def test_a_disclosure_is_a_time_ahead_with_something_unpublished():
    assert "disclosure" in acts(run("Volgende week besluit het kabinet over de stikstofregels."))
    assert "disclosure" not in acts(run("Vorige week besloot het kabinet over de stikstofregels."))
    assert "disclosure" not in acts(
        run("Donderdag presenteert de minister het plan, zie rijksoverheid.nl.")
    )


def test_identifiers_add_up_to_a_person():
    assert "identifiers" in acts(
        run("Vandaag Fatima (8) van de Rozenstraat geholpen, ze heeft leukemie.")
    )
    assert "identifiers" not in acts(run("Fatima, bedankt voor je presentatie!"))


def test_english_drafts_are_analysed_with_the_english_lexicon():
    a = run("I hate muslims.", "en")
    assert "hate-verb" in kinds(a)
    assert "threat" in acts(run("I will kill you.", "en"))


# ------------------------------------------------------------------ session 2026-12-02


def test_stress_accents_are_the_plain_word():
    # "níet", "géén": emphasis, so the negator still negates
    assert fold("níet") == "niet"
    stressed = run("Nee, ik vind níet dat mensen in de WW lui zijn.")
    plain = run("Nee, ik vind dat mensen in de WW lui zijn.")
    assert "contempt" not in kinds(stressed)
    assert "contempt" in kinds(plain)


def test_a_phrase_does_not_reach_into_the_clause_after_dat():
    # "ik snap (dat) niet": the "niet" after "dat" belongs to the complement clause
    inside = run("Ik snap dat niet iedereen fan is van Defensie.")
    whole = run("Ik snap dat niet, waarom doen ze dit?")
    assert "negative-stance" not in kinds(inside)
    assert "negative-stance" in kinds(whole)


def test_the_author_saying_it_is_not_reported_speech():
    # "dit zeg ik": the author's own words; "hij zei": someone else's
    own = run("Dit zeg ik eerlijk: de wachttijd is een schande.")
    other = run("Hij zei 'tuig' tegen ze, een schande.")
    assert not own.reported
    assert other.reported


def test_a_praising_word_in_scare_quotes_is_sarcasm():
    quoted = run("Die 'ambitieuze' visie van de provincie.")
    plain = run("Die ambitieuze visie van de provincie.")
    assert "sarcasm" in kinds(quoted)
    assert "sarcasm" not in kinds(plain)


def test_quoted_abuse_that_one_received_is_shown_not_said():
    shown = run("Vandaag weer 'kankerlijer' in mijn DM's. Zo gaat dat elke dag.")
    said = run("Jij bent een kankerlijer.")
    assert shown.reported
    assert "insult" in kinds(said)


# ------------------------------------------------------------ session 2026-12-02 (third)


def test_a_curse_prefix_makes_a_curse_of_any_word_glued_to_it():
    # "kut-" is listed as a prefix: the word after it need not be known, and a star may mask it
    for word in ("kutbankhangers", "k*tbankhangers"):
        assert "profanity" in kinds(run(f"Ga eens werken, stelletje {word}.")), word
    # the same word without the prefix is no curse
    assert "profanity" not in kinds(run("Ga eens werken, stelletje bankhangers."))


def test_an_announcement_already_made_is_no_disclosure():
    done = run("The Netherlands takes part, as announced by the minister earlier this week.", "en")
    coming = run("Next week the cabinet will announce the new plan, you heard it here first.", "en")
    assert "disclosure" not in acts(done)
    assert "disclosure" in acts(coming)


def test_family_news_ahead_is_no_disclosure():
    family = run(
        "Volgende week gaan jullie iets moois horen: mijn dochter speelt haar eerste concert."
    )
    work = run("Volgende week gaan jullie iets moois horen over de huurtoeslag.")
    assert "disclosure" not in acts(family)
    assert "disclosure" in acts(work)


# ------------------------------------------------------------ session 2026-12-03 (fifth)


def test_a_party_is_a_target_of_its_own():
    a = run("De PVV is een stelletje amateurs.")
    assert ("party", "PVV") in {(t.kind, t.name) for t in a.targets}


def test_everyday_words_end_a_sentence_and_are_no_abbreviation():
    # "ver." was a tokenizer exception (an abbreviation): the full stop did not end the sentence
    doc = get_pipeline("nl")("Dit gaat te ver. We moeten praten.")
    assert [s.text for s in doc.sents] == ["Dit gaat te ver.", "We moeten praten."]


def test_a_promise_of_several_words_is_one_commitment():
    text = "Wij zorgen ervoor dat de regeling er komt."
    a = run(text, own=(("own-area", text.index("regeling"), text.index("regeling") + 8),))
    assert [x.kind for x in a.acts] == ["commitment"]


def test_a_strong_word_inside_a_longer_known_piece_is_not_read():
    # "sul" hides in "consul", which hides in "internetconsultatie": no insult there
    assert not kinds(run("Reageer via de internetconsultatie."), live=False)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Aan de activist die mij filmde: ik weet waar jullie clubje vergadert.", "nl"),
        ("Ik weet waar z'n schuur staat. Komt helemaal goed.", "nl"),
        ("We weten je te vinden.", "nl"),
        ("To the guy who filmed me: I know where your kids go to school.", "en"),
    ],
)
def test_knowing_where_someone_lives_is_intimidation(text, lang):
    assert acts(run(text, lang)) & {"intimidation", "threat"}, text


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ik weet waar je een goede fietsenmaker vindt.", "nl"),  # no place of the person
        ("Ik weet niet waar hij woont.", "nl"),  # negated
        ("Ik weet waar ik woon: in Zwolle.", "nl"),  # the author's own place
        ("Wie weet waar mijn fiets staat?", "nl"),  # not the author who knows
        ("Een collega kreeg 'ik weet waar jouw huis is' naar zijn hoofd.", "nl"),  # quoted
        ("We know where the new office is.", "en"),  # no person
    ],
)
def test_no_intimidation_without_the_author_a_person_and_a_place(text, lang):
    assert "intimidation" not in acts(run(text, lang)), text


@pytest.mark.parametrize(
    "text",
    [
        "Hij heeft uitgezaaide kanker en wil duidelijkheid voor zijn zoon.",
        "Drie weken geleden zijn vrouw verloren aan kanker.",
        "Als hij ziek wordt, is hij zijn werk kwijt.",
        "Ze heeft nog steeds last van haar rug.",
    ],
)
def test_an_illness_named_as_an_illness_is_no_curse_or_contempt(text):
    assert not kinds(run(text)) & {"profanity", "contempt", "dehumanising"}, text


def test_the_same_words_as_a_curse_still_count():
    assert "profanity" in kinds(run("Krijg de kanker, stelletje oplichters."))
    assert "contempt" in kinds(run("Wat een zieke geest heeft die man."))
    assert "dehumanising" in kinds(run("Die mensen zijn een last voor de samenleving."))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Polen pakken onze banen af.", "nl"),
        ("Joden hebben de media in handen.", "nl"),
        ("Muslims can't integrate, period.", "en"),
        ("Disabled people are a burden on the system.", "en"),
    ],
)
def test_a_classic_claim_about_a_group_is_a_judgement_of_it(text, lang):
    a = run(text, lang)
    assert "trope" in kinds(a), text
    assert any(t.kind == "group" for t in a.targets), text


def test_english_contractions_in_an_entry_meet_the_split_tokens():
    # the tokenizer reads "can't" as "ca" + "n't" and "I'll" as "I" + "'ll"
    assert "hate-verb" in kinds(run("I can't stand them.", "en"))
    assert "reticence" in kinds(run("The report was late. I'll leave it there.", "en"))


def test_pointed_reticence_is_a_judgement_left_to_the_reader():
    a = run("Vier noodhulpauto's voor heel Zuid. Vier. Ik laat het hier maar bij.")
    assert "reticence" in kinds(a)
    assert "reticence" not in kinds(run("Ik ga vanavond lekker naar de film."))


@pytest.mark.parametrize(
    ("main", "subordinate"),
    [
        ("Die regeling werkt niet.", "Ik weet dat die regeling niet werkt."),
        ("Dit gaat te ver.", "Ik vind dat dit te ver gaat."),
        ("Dit plan gaat niet werken.", "We weten heus dat dit plan niet gaat werken."),
        ("Het beleid schiet tekort.", "Iedereen ziet dat het beleid tekort schiet."),
    ],
)
def test_a_judging_verb_phrase_counts_in_subordinate_clause_order(main, subordinate):
    # Dutch moves the finite verb to the end of a subordinate clause; the judgement stays
    assert "negative-stance" in kinds(run(main)), main
    assert "negative-stance" in kinds(run(subordinate)), subordinate
    # the verb alone, in either order, judges nothing
    assert "negative-stance" not in kinds(run("Ik weet dat zij daar al jaren werkt."))


def test_words_the_author_read_or_received_are_someone_elses():
    # "las ik": the author is the subject, but the quoted words are another's
    a = run("Onder een post las ik vandaag: 'die profiteurs moeten allemaal weg'. Nee.")
    assert "insult" in kinds(a, live=False)
    assert "insult" not in kinds(a)
    # the author's own words stay the author's, also beside a reading verb
    assert "insult" in kinds(run("Ik las het plan van die profiteurs vandaag."))
    # the particle "hoor" reports nothing ("op persoonlijke titel hoor")
    b = run("Op persoonlijke titel hoor: die kaart klopt gewoon niet.")
    assert not b.reported
