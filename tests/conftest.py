"""Shared fixtures: engines built from small inline packs, so each rule type is tested alone."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from postcheck.engine.core import Engine
from postcheck.models import Profile
from postcheck.packs.loading import load_rules, topics_dir
from postcheck.packs.topics import TopicModel

REPO = Path(__file__).resolve().parents[1]

RULE_DOCS = """
    message: {nl: Bericht., en: Message.}
    why: {nl: Waarom., en: Why.}
    basis: [Test]
    suggestion: {nl: Suggestie., en: Suggestion.}
    examples: {bad: [x], good: [y]}
"""

PROFILE = Profile(
    function_title="Senior beleidsmedewerker asielbeleid",
    organisation="Ministerie van Justitie en Veiligheid",
    department="Directie Migratiebeleid",
    beleidsterrein=["asiel en migratie"],
    keywords=["asielzoeker", "azc", "IND", "COA"],
    role="beleidsmedewerker",
)


@pytest.fixture
def workflow_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workflow tests' own small pack and topic list as the built-in ones."""
    from workflow_support import use_test_data

    use_test_data(monkeypatch)


@pytest.fixture(scope="session")
def topics() -> TopicModel:
    return TopicModel.load(topics_dir())


def rule_yaml(body: str) -> str:
    """A rule's own YAML plus the documentation every rule must carry."""
    return textwrap.dedent(body).rstrip() + "\n" + textwrap.indent(textwrap.dedent(RULE_DOCS), "  ")


@pytest.fixture
def make_engine(tmp_path: Path, topics: TopicModel) -> Callable[..., Engine]:
    def make(pack: str, profile: Profile = PROFILE, lang: str = "auto") -> Engine:
        path = tmp_path / "pack.yaml"
        path.write_text(textwrap.dedent(pack), encoding="utf-8")
        return Engine(load_rules([path]), profile, topics, lang=lang)

    return make


def spans(engine: Engine, text: str, rule: str | None = None) -> list[str]:
    """The flagged texts of a draft, optionally of one rule (also merged into another's)."""
    result = engine.check_text(text)
    return [f.text for f in result.findings if rule is None or rule in f.rules]


@pytest.fixture(autouse=True)
def _no_personal_profile(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test may pick up the developer's own profile: discovery sees an empty config home."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
    monkeypatch.delenv("POSTCHECK_PROFILE", raising=False)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read or write the user's cache folder (see postcheck.store)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    yield
    patch.undo()
