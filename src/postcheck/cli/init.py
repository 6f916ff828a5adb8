"""`postcheck init`: the questions that make a profile, asked or answered by flags.

Most people never write YAML; the questions are the profile's fields in plain words, with
the allowed answers shown and wrong ones asked again. Scripts (a department rolling out
postcheck) pass the same answers as flags and `--no-input`. The result is validated by the
same model as a hand-written profile, so init can never write a profile postcheck rejects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from postcheck.errors import PostcheckError
from postcheck.models import Platform, Profile, Role
from postcheck.profile.loading import dump_profile
from postcheck.yamlio import validate

ROLES: tuple[str, ...] = get_args(Role)
PLATFORMS: tuple[str, ...] = get_args(Platform)
KINDS = ("personal", "official")

HEADER = """\
# postcheck profile, written by `postcheck init`. Edit freely; `postcheck validate FILE`
# checks it. Keys: see the README ("Your profile") or profile.schema.json.
"""


@dataclass(frozen=True)
class Question:
    key: str
    flag: str
    text: str
    required: bool = False
    choices: tuple[str, ...] = ()
    default: str = ""
    #: A comma-separated answer becomes a list.
    many: bool = False
    yes_no: bool = False


QUESTIONS: tuple[Question, ...] = (
    Question("name", "--name", "Your name (naam)"),
    Question("function_title", "--function", "Your function title (functie)", required=True),
    Question("organisation", "--organisation", "Your organisation (organisatie)", required=True),
    Question("department", "--department", "Department or directorate (afdeling/directie)"),
    Question(
        "beleidsterrein",
        "--area",
        "Your policy area(s), comma-separated (beleidsterrein)",
        many=True,
    ),
    Question("keywords", "--keywords", "Terms of your area, comma-separated", many=True),
    Question("role", "--role", "Your role", choices=ROLES, default="medewerker"),
    Question(
        "spokesperson",
        "--spokesperson",
        "Are you authorised to speak for your organisation?",
        yes_no=True,
    ),
    Question("account.kind", "--account-kind", "Account kind", choices=KINDS, default="personal"),
    Question("account.platform", "--platform", "Platform", choices=PLATFORMS),
    Question("account.handle", "--handle", "Account handle (e.g. @naam)"),
    Question("account.bio", "--bio", "Account bio"),
)

#: Ask a question: (question, default) -> answer text.
Asker = Callable[[Question, str], str]
Confirmer = Callable[[Question, bool], bool]


def check_answer(question: Question, answer: str) -> str | None:
    """The problem with an answer, or None; used to ask again or to reject a flag."""
    if question.required and not answer.strip():
        return "an answer is required"
    if question.choices and answer and answer not in question.choices:
        return f"'{answer}' is not one of: {', '.join(question.choices)}"
    return None


def collect(
    given: Mapping[str, Any],
    *,
    ask: Asker | None,
    confirm: Confirmer | None,
    report: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Answers from flags, asking the rest when `ask` is given (else: flags only)."""
    answers: dict[str, Any] = {}
    for q in QUESTIONS:
        value = given.get(q.key)
        if value is None and ask is not None:
            if q.yes_no and confirm is not None:
                value = confirm(q, False)
            else:
                while True:
                    value = ask(q, q.default).strip()
                    problem = check_answer(q, value)
                    if problem is None:
                        break
                    report(problem)
        if value is None:
            value = q.default if not q.yes_no else None
        if isinstance(value, str):
            problem = check_answer(q, value.strip())
            if problem is not None:
                raise PostcheckError(f"{q.flag}: {problem}")
            value = value.strip()
            if q.many:
                value = [v.strip() for v in value.split(",") if v.strip()]
        if value not in (None, "", []):
            answers[q.key] = value
    return answers


def to_profile(answers: Mapping[str, Any]) -> Profile:
    data: dict[str, Any] = {}
    for key, value in answers.items():
        if key.startswith("account."):
            data.setdefault("account", {})[key.split(".", 1)[1]] = value
        else:
            data[key] = value
    return validate(Profile, data, "postcheck init")


def write_profile(profile: Profile, path: Path, *, force: bool = False) -> None:
    if path.exists() and not force:
        raise PostcheckError(f"{path} already exists (use --force to overwrite it)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER + dump_profile(profile), encoding="utf-8")
    except OSError as exc:
        raise PostcheckError(f"{path}: cannot write: {exc.strerror or exc}") from None
