"""Where the language layer's data lives, and the evaluative lexicon loaded once.

The lexicon files ship in `rules/language/` (inside the wheel, or the repository's
`rules/` in a checkout). Reading and lemmatising their ~7,000 entries costs a few tenths
of a second, so the built lexicon is kept in the disk store, keyed by the files' bytes
and the code, like the packs.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from postcheck import store
from postcheck.language.lexicons import Lexicon, read_lexicons
from postcheck.language.pipeline import lemma_of


def data_dir() -> Path:
    """The shipped `rules/` folder: inside the wheel, or the repository's in a checkout."""
    packaged = resources.files("postcheck") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("postcheck's rules folder is missing from the installation")


def lexicon_dir() -> Path:
    return data_dir() / "language"


@lru_cache(maxsize=4)
def lexicon(lang: str) -> Lexicon:
    """The evaluative lexicon of one language (from the store when it is there)."""
    folder = lexicon_dir()
    files = sorted(folder.glob("*.txt"))
    key = store.content_key(files, "lexicon", lang)
    name = f"lexicon-{lang}-{key}.pickle"
    cached = store.read(name)
    if isinstance(cached, Lexicon) and cached.lang == lang:
        return cached
    built = read_lexicons(folder, lang, lambda word: lemma_of(word, lang))
    store.write(name, built)
    store.prune(f"lexicon-{lang}-", name)
    return built


@lru_cache(maxsize=16)
def word_list(kind: str, lang: str) -> frozenset[str]:
    """A closed class of words (`<kind>.<lang>.txt`: particles, contrast words), lower case.

    Read apart from the evaluative lexicon: the matching layer and the engine need only
    these few words, and building the whole lexicon for them would cost every run that
    never analyses.
    """
    path = lexicon_dir() / f"{kind}.{lang}.txt"
    if not path.is_file():
        return frozenset()
    lines = (line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))
