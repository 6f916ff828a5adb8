"""The language layer: tokens, sentences, lemmas and language detection for posts."""

from __future__ import annotations

import time

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


def _line_break_seconds(lines: int) -> float:
    """The fastest of three runs of the line-break step alone on a draft of `lines` lines."""
    nlp = get_pipeline("nl")
    step = nlp.get_pipe("postcheck_line_breaks")
    best = float("inf")
    for _ in range(3):
        doc = nlp.make_doc("Een regel zonder punt\n" * lines)
        start = time.perf_counter()
        step(doc)
        best = min(best, time.perf_counter() - start)
    return best


def test_sentence_starts_at_line_breaks_take_linear_time():
    """Four times the lines take about four times as long, not sixteen (it was quadratic:
    40,000 lines took 107 s). The ratio, not a time, so a slow machine does not fail it."""
    small, large = _line_break_seconds(2_500), _line_break_seconds(10_000)
    assert large < 9 * small + 0.05


def test_every_line_of_a_long_draft_is_a_sentence():
    doc = get_pipeline("nl")("Een regel zonder punt\n" * 40_000)
    starts = [s.start for s in doc.sents]
    assert len(starts) == 40_000
    assert all(doc[i - 1].text == "\n" for i in starts[1:])
