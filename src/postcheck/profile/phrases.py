"""The phrases a profile yields: how a post refers to the author's function, department
and organisation ("Senior beleidsmedewerker" is also "beleidsmedewerker"; "Gemeente
Rotterdam" is also "de gemeente"). The engine matches them as the `@function`,
`@department` and `@organisation` signals; they are private and never cached.
"""

from __future__ import annotations

import re


def function_phrases(title: str) -> list[str]:
    """Ways a post invokes the author's function: the title, and its parts."""
    phrases: list[str] = []
    for part in re.split(r"[,|;/]", title):
        part = part.strip()
        if not part:
            continue
        phrases.append(part)
        words = part.split()
        if words and words[0].lower() in {"senior", "junior", "medior", "hoofd", "plv."}:
            words = words[1:]
            if words:
                phrases.append(" ".join(words))
        if words and len(words[0]) >= 6:
            phrases.append(words[0])
    return list(dict.fromkeys(phrases))


#: Local and regional government: "Gemeente Rotterdam" is also "de gemeente", "City of
#: Rotterdam"; the same for provinces and water boards.
_LOCAL_GOVERNMENT = {
    "gemeente": ("de gemeente", "City of {}", "Municipality of {}", "{} city council"),
    "provincie": ("de provincie", "Province of {}"),
    "waterschap": ("het waterschap", "{} water board"),
}


#: Regional services named by a kind and a region ("GGD Gelderland-Zuid", "Brandweer
#: Twente", "Politie Oost-Brabant"): a post speaks of them by the kind alone ("vanuit de
#: GGD", "wij van de brandweer"), as people do of their own service.
_SERVICE_KINDS = frozenset(
    "ggd brandweer politie veiligheidsregio omgevingsdienst rekenkamer "
    "belastingsamenwerking ambulancezorg regiopolitie".split()
)


def _service_kind(name: str) -> list[str]:
    words = name.split()
    if len(words) >= 2 and words[0].lower() in _SERVICE_KINDS:
        return [f"de {words[0]}"]
    return []


def organisation_phrases(organisation: str) -> list[str]:
    """The organisation's name and the usual ways to refer to it in a post."""
    phrases = [organisation]
    words = organisation.split()
    if len(words) >= 2 and words[0].lower() in _LOCAL_GOVERNMENT:
        place = " ".join(words[1:])
        phrases += [form.format(place) for form in _LOCAL_GOVERNMENT[words[0].lower()]]
    phrases += _service_kind(organisation)
    return list(dict.fromkeys(phrases))


def department_phrases(department: str | None) -> list[str]:
    if not department:
        return []
    phrases: list[str] = []
    for part in re.split(r"[,|;()]", department):
        part = part.strip()
        if not part:
            continue
        phrases.append(part)
        phrases += _service_kind(part)
        words = part.split()
        if len(words) >= 2 and words[0].lower() in {"directie", "cluster", "team", "afdeling"}:
            rest = " ".join(words[1:])
            if len(rest) >= 6:
                phrases.append(rest)
                # "Directie Toeslagen en Herstel" is also spoken of as "Toeslagen".
                halves = [h.strip() for h in re.split(r"\s+(?:en|&|and)\s+", rest)]
                if len(halves) > 1:
                    phrases += [h for h in halves if len(h) >= 8]
    return list(dict.fromkeys(phrases))
