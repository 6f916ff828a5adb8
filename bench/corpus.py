"""A synthetic corpus of tweet-length drafts, made on the spot so anyone can rerun the benchmark.

Real drafts are private by nature, so the benchmark and the path-equivalence test use
posts assembled from templates: Dutch and English, with hashtags, mentions, links and
emoji, and a share that trips rules (opinions on parties, insults, personal data, leaks)
so that the findings path is exercised as much as the clean path. The same seed always
gives the same corpus.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

NL_OPENERS = [
    "Vandaag verscheen het jaarverslag over {topic}.",
    "Mooie dag gehad bij {place} met het team.",
    "Ik vind het eerlijk gezegd onverstandig dat {topic} weer wordt uitgesteld.",
    "Kan er nog niks over zeggen, maar de Kamerbrief over {topic} ligt al klaar.",
    "Wat een prutsers bij {party}, knap hoor.",
    "Lees de nieuwe kamerbrief over {topic}: hoofdstuk 3 is een aanrader.",
    "Hardlopen langs {place} voor het goede doel, wie sponsort?",
    "Stroomstoring bij {place}, volgens de politie is niemand gewond.",
    "Mijn dochter had vandaag haar eerste schooldag in {place}.",
    "Bel me gerust op 06-12345678 of mail naar j.jansen@example.nl over {topic}.",
    "De minister heeft vandaag besloten over {topic}, dinsdag naar de ministerraad.",
    "Als beleidsmedewerker bij het ministerie zeg ik: {party} heeft gelijk over {topic}.",
    "Op persoonlijke titel: ik snap echt niet waarom {topic} zo lang duurt.",
    "Gezellige borrel met collega's in {place}!",
    "Interessant webinar over {topic}, aanrader voor iedereen.",
]
NL_CLOSERS = [
    "Meer info: {url}",
    "Wat vinden jullie?",
    "Tot morgen!",
    "",
    "Dank aan {mention} voor de organisatie.",
    "Lees verder op {url} {emoji}",
    "Onacceptabel dit.",
    "IBAN voor giften: NL91ABNA0417164300.",
]
EN_OPENERS = [
    "Great day at {place} with the team.",
    "The annual report on {topic} was published today.",
    "Honestly, delaying {topic} again is unwise.",
    "What a bunch of clowns at {party}, well done guys.",
    "Read the new letter to parliament on {topic}, chapter 3 is worth it.",
    "Running along {place} for charity, who sponsors me?",
    "Power outage at {place}, police say nobody was hurt.",
    "My daughter started school today in {place}.",
    "Call me on +31 6 12345678 or mail j.jansen@example.org about {topic}.",
    "Views are my own, but as a policy officer I think {party} is right on {topic}.",
]
EN_CLOSERS = ["More: {url}", "Thoughts?", "", "Thanks {mention}!", "Details at {url} {emoji}"]
TOPICS_NL = [
    "de spreidingswet",
    "de Nedersaksenlijn",
    "het asielbeleid",
    "de stikstofaanpak",
    "de huurtoeslag",
    "het klimaatakkoord",
    "de woningbouw",
    "de zorgpremie",
]
TOPICS_EN = ["asylum policy", "the climate deal", "housing", "the rail link", "health care costs"]
PLACES = ["Utrecht", "Den Haag", "Groningen", "het Vondelpark", "Rotterdam Zuid", "Zwolle"]
PARTIES = ["de VVD", "GroenLinks-PvdA", "het CDA", "D66", "de PVV", "BBB"]
MENTIONS = ["@noorbakker", "@rijksoverheid", "@IND_NL", "@gemeenteutrecht", "@jan.de.vries"]
HASHTAGS_NL = ["#asiel", "#klimaat", "#wonen", "#zorg", "#OV", "#werkenbijhetrijk", "#Utrecht"]
HASHTAGS_EN = ["#asylum", "#climate", "#housing", "#health", "#civilservice"]
URLS = ["https://www.rijksoverheid.nl/actueel", "https://example.org/rapport-2025", "www.ind.nl"]
EMOJI = ["🎉", "🙄", "🤫", "👍", "🚆", "😂", "🇳🇱", "❤️"]


def post(rng: random.Random) -> tuple[str, str]:
    """One draft and its intended language ('nl' or 'en')."""
    dutch = rng.random() < 0.7
    openers, closers = (NL_OPENERS, NL_CLOSERS) if dutch else (EN_OPENERS, EN_CLOSERS)
    fill = {
        "topic": rng.choice(TOPICS_NL if dutch else TOPICS_EN),
        "place": rng.choice(PLACES),
        "party": rng.choice(PARTIES),
        "mention": rng.choice(MENTIONS),
        "url": rng.choice(URLS),
        "emoji": rng.choice(EMOJI),
    }
    parts = [rng.choice(openers).format(**fill)]
    if rng.random() < 0.5:
        parts.append(rng.choice(openers).format(**fill))
    parts.append(rng.choice(closers).format(**fill))
    tags = rng.sample(HASHTAGS_NL if dutch else HASHTAGS_EN, k=rng.randint(0, 2))
    text = " ".join(p for p in parts if p)
    if tags:
        text += ("\n\n" if rng.random() < 0.3 else " ") + " ".join(tags)
    if rng.random() < 0.3:
        text += " " + rng.choice(EMOJI)
    return text[:280].rstrip() + "\n", "nl" if dutch else "en"


def posts(n: int, seed: int = 5) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(n):
        yield post(rng)[0]


def write_jsonl(path: Path, n: int, seed: int = 5) -> Path:
    """`{"id": ..., "text": ...}` per line, the shape `postcheck --jsonl` reads."""
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(posts(n, seed)):
            fh.write(json.dumps({"id": f"post-{i:06d}", "text": text}, ensure_ascii=False) + "\n")
    return path


def write_files(folder: Path, n: int, seed: int = 5) -> Path:
    """One draft per `.txt` file, numbered so the folder walk keeps corpus order."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(posts(n, seed)):
        (folder / f"post-{i:06d}.txt").write_text(text, encoding="utf-8")
    return folder
