"""Length as each platform counts it: X's weights and t.co links, Mastodon, graphemes."""

from __future__ import annotations

import pytest

from postcheck.profile.platforms import LINK_LENGTH, PLATFORMS, graphemes, measure


def count(text: str, platform: str) -> int:
    return measure(text, platform).count


def test_links_count_23_on_x_and_mastodon_whatever_their_length():
    long = "https://www.rijksoverheid.nl/documenten/kamerstukken/2025/01/01/" + "x" * 100
    text = f"Lees de brief: {long}"
    assert count(text, "x") == len("Lees de brief: ") + LINK_LENGTH
    assert count(text, "mastodon") == len("Lees de brief: ") + LINK_LENGTH
    assert count(text, "bluesky") == len(text)
    assert count("Zie https://t.co/a.", "x") == len("Zie ") + LINK_LENGTH + 1  # final '.' stays


def test_x_links_without_scheme_and_not_in_email_addresses():
    assert count("Kijk op rijksoverheid.nl", "x") == len("Kijk op ") + LINK_LENGTH
    assert count("Kijk op www.example.com/pad", "x") == len("Kijk op ") + LINK_LENGTH
    assert count("Mail info@minbzk.nl", "x") == len("Mail info@minbzk.nl")


def test_x_weighs_emoji_and_cjk_double():
    assert count("a😉", "x") == 3
    assert count("👩‍💻", "x") == 2  # one ZWJ sequence is one emoji
    assert count("👍🏽", "x") == 2  # with a skin tone
    assert count("🇳🇱", "x") == 2  # a flag
    assert count("日本", "x") == 4
    assert count("café", "x") == 4
    assert count("cafe\u0301", "x") == 4  # NFC: e + combining accent is é


def test_mastodon_counts_remote_mentions_by_their_username():
    assert count("Hoi @noor@social.overheid.nl!", "mastodon") == len("Hoi @noor!")


def test_graphemes():
    assert graphemes("e\u0301a") == ["e\u0301", "a"]
    assert graphemes("👩‍👩‍👧x") == ["👩‍👩‍👧", "x"]
    assert graphemes("a\r\nb") == ["a", "\r\n", "b"]
    assert len(graphemes("1️⃣🇳🇱")) == 2


@pytest.mark.parametrize(("platform", "limit"), [("x", 280), ("bluesky", 300), ("threads", 500)])
def test_limits_and_notes(platform, limit):
    over = measure("a" * (limit + 5), platform)
    assert (over.limit, over.over) == (limit, 5)
    name = PLATFORMS[platform].name
    assert over.note("nl").startswith(
        f"Lengte op {name}: {limit + 5} van {limit} tekens, 5 te veel"
    )
    assert measure("kort", platform).note("en").startswith(f"Length on {name}: 4 of {limit}")
