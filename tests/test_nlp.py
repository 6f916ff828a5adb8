"""The language layer: tokens, sentences, lemmas and language detection for posts."""

from __future__ import annotations

from postcheck.language.pipeline import detect_language, get_pipeline, lemma_of


def test_hashtags_and_mentions_stay_whole():
    doc = get_pipeline("nl")("Zie #klimaat, @noor_b en @rachidea@mastodon.nl. (#TeamLVVN) #not!")
    texts = [t.text for t in doc]
    for handle in ("#klimaat", "@noor_b", "@rachidea@mastodon.nl", "#TeamLVVN", "#not"):
        assert handle in texts


def test_hashtag_lemma_is_the_word():
    doc = get_pipeline("nl")("Dit gaat over #asielzoekers.")
    assert [t.lemma_ for t in doc if t.text.startswith("#")] == ["asielzoeker"]


def test_dutch_lemmas_including_unknown_compounds():
    assert lemma_of("verpleeghuizen", "nl") == "verpleeghuis"
    assert lemma_of("Kamerbrieven", "nl") == "kamerbrief"
    assert lemma_of("farmers", "en") == "farmer"


def test_line_breaks_end_sentences():
    doc = get_pipeline("nl")("Eerste punt zonder punt\nTweede regel hier")
    assert len(list(doc.sents)) == 2


def test_language_detection_ignores_links_and_handles():
    assert detect_language("Great panel today at #Energiedag with @TenneT, thanks all!") == "en"
    assert detect_language("Vandaag een mooie dag op de fiets https://example.com/the-best") == "nl"
    assert detect_language("🙂🙂") == "nl"
