"""Hard cases for the Rijk guideline pack (rules/rijk), run through the engine.

Each case names a profile, a draft, the categories that must be flagged (a finding of
warning or error) and the categories that must not be. The drafts are written for these
tests, apart from any evaluation set: positives in other words than the rules' own
examples, and hard negatives that share words with risky posts ("vertrouwelijk gesprek met
de kat", "interne klok", a neutral report that a party proposed something).

Only the Rijk pack is loaded, with the topic lists shipped in rules/topics.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postcheck.engine import Engine
from postcheck.models import CATEGORIES, Profile
from postcheck.packs import data_dir, load_rules, topics_dir
from postcheck.topics import TopicModel

RIJK = data_dir() / "rijk"
FLAGGING = {"warning", "error"}


def _profile(**kw: object) -> Profile:
    account = kw.pop("account", {})
    base: dict[str, object] = {"role": "beleidsmedewerker", "spokesperson": False}
    base.update(kw)
    return Profile(**base, account=account)  # type: ignore[arg-type]


PROFILES: dict[str, Profile] = {
    # climate policy officer, personal account, bio without employer
    "klimaat": _profile(
        function_title="Senior beleidsmedewerker energietransitie",
        organisation="Ministerie van Klimaat en Groene Groei",
        department="Directie Energiemarkt en Netten",
        beleidsterrein=["klimaat en energie"],
        keywords=[
            "energietransitie",
            "netcongestie",
            "warmtenetten",
            "waterstof",
            "windenergie",
            "zonne-energie",
            "thuisbatterij",
            "CO2-heffing",
        ],
        account={"kind": "personal", "platform": "x", "bio": "Fietser en moestuinier."},
    ),
    # long-term care policy officer
    "zorg": _profile(
        function_title="Beleidsmedewerker langdurige zorg",
        organisation="Ministerie van Volksgezondheid, Welzijn en Sport",
        department="Directie Langdurige Zorg",
        beleidsterrein=["zorg", "ouderenzorg"],
        keywords=[
            "ouderenzorg",
            "verpleeghuizen",
            "mantelzorg",
            "Wlz",
            "wijkverpleging",
            "dementie",
        ],
        account={"kind": "personal", "bio": "Koorzanger."},
    ),
    # the classic persona problem in the bio
    "zorg-bio": _profile(
        function_title="Beleidsmedewerker langdurige zorg",
        organisation="Ministerie van Volksgezondheid, Welzijn en Sport",
        department="Directie Langdurige Zorg",
        beleidsterrein=["ouderenzorg"],
        keywords=["verpleeghuizen", "mantelzorg"],
        account={
            "kind": "personal",
            "bio": "Beleidsmedewerker langdurige zorg | Directie Langdurige "
            "Zorg | Ministerie van Volksgezondheid, Welzijn en Sport. Tweets op persoonlijke titel.",
        },
    ),
    "toeslagen": _profile(
        function_title="Beleidsmedewerker toeslagen",
        organisation="Belastingdienst",
        department="Directie Toeslagen en Herstel (Ministerie van Financiën)",
        beleidsterrein=["belastingen", "toeslagen"],
        keywords=[
            "toeslagen",
            "kinderopvangtoeslag",
            "huurtoeslag",
            "hersteloperatie",
            "box 3",
            "aangifte",
        ],
        account={"kind": "personal", "bio": "Vader van twee, kookt graag."},
    ),
    "defensie": _profile(
        function_title="Kapitein, stafofficier operaties",
        organisation="Ministerie van Defensie",
        department="Commando Landstrijdkrachten",
        beleidsterrein=["defensie"],
        keywords=["krijgsmacht", "NAVO", "oefening", "missie", "materieel", "werving"],
        role="defensie",
        account={"kind": "personal", "bio": "Vader, hardloper."},
    ),
    "landbouw": _profile(
        function_title="Beleidsmedewerker stikstof en natuur",
        organisation="Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur",
        department="Directie Natuur en Stikstof",
        beleidsterrein=["landbouw", "stikstof"],
        keywords=["stikstof", "veehouderij", "uitkoopregeling", "mest", "derogatie", "boeren"],
        account={"kind": "personal", "bio": "Friezin in Den Haag."},
    ),
    "gemeente": _profile(
        function_title="Beleidsmedewerker openbare ruimte",
        organisation="Gemeente Rotterdam",
        department="Cluster Stadsbeheer, team Afval en Schone Stad",
        beleidsterrein=["openbare ruimte", "afval"],
        keywords=[
            "afvalinzameling",
            "zwerfafval",
            "grofvuil",
            "ondergrondse containers",
            "bijplaatsingen",
        ],
        account={"kind": "personal", "bio": "Rotterdammer."},
    ),
    "wijkagent": _profile(
        function_title="Wijkagent",
        organisation="Politie Eenheid Den Haag",
        department="Basisteam Segbroek",
        beleidsterrein=["openbare orde en veiligheid"],
        keywords=["wijkagent", "overlast", "handhaving", "inbraak"],
        role="politie",
        account={"kind": "personal", "bio": "Ajax-fan."},
    ),
    # authorised spokesperson on the ministry's official account
    "woordvoerder": _profile(
        function_title="Woordvoerder arbeidsmarkt",
        organisation="Ministerie van Sociale Zaken en Werkgelegenheid",
        department="Directie Communicatie",
        beleidsterrein=["arbeidsmarkt"],
        keywords=["arbeidsmarkt", "minimumloon", "flexwerk", "WW", "uitzendbureaus"],
        role="woordvoerder",
        spokesperson=True,
        account={"kind": "official", "bio": "Officieel account van de woordvoering van SZW."},
    ),
    "diplomaat": _profile(
        function_title="Ambassadeur",
        organisation="Ministerie van Buitenlandse Zaken",
        department="Ambassade Ankara",
        beleidsterrein=["internationale betrekkingen"],
        keywords=["diplomatie", "ambassade", "buitenlands beleid"],
        role="diplomaat",
        account={"kind": "personal", "bio": "Reiziger."},
    ),
}

# (profile, draft, must be flagged, must not be flagged)
CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- proximity: criticism on the own area; far away the same room as any citizen
    (
        "klimaat",
        "Eerlijk gezegd vind ik de nieuwe salderingsregeling een gemiste kans voor gewone huishoudens.",
        {"proximity"},
        {"political", "tone"},
    ),
    (
        "klimaat",
        "That new hydrogen subsidy scheme is a waste of money. It will never work at this scale.",
        {"proximity"},
        {"political"},
    ),
    (
        "toeslagen",
        "De hersteloperatie toeslagen gaat veel te traag. Ouders wachten al jaren, dat kan zo niet langer.",
        {"proximity"},
        {"tone", "political"},
    ),
    (
        "landbouw",
        "Het stikstofbeleid van dit kabinet rammelt aan alle kanten.",
        {"proximity"},
        {"tone"},
    ),
    (
        "zorg",
        "Mantelzorgers worden in dit land gewoon aan hun lot overgelaten, de ouderenzorg is echt triest geregeld.",
        {"proximity"},
        set(),
    ),
    (
        "klimaat",
        "Ik vind het echt een slecht plan om de aanvullende beurs voor studenten te versoberen.",
        set(),
        {"proximity"},
    ),
    (
        "zorg",
        "Ik snap echt niet waarom de nachttrein naar Groningen wordt geschrapt.",
        set(),
        {"proximity"},
    ),
    (
        "klimaat",
        "Vandaag is de subsidieregeling voor warmtenetten opengesteld. Alles lezen: https://www.rvo.nl/warmtenetten",
        set(),
        set(CATEGORIES),
    ),
    (
        "zorg",
        "Trots! Het wetsvoorstel voor betere dementiezorg thuis is vandaag aangenomen. Dank aan alle collega's.",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "Thanks to everyone who joined our webinar on grid congestion. The recording is online: https://www.rvo.nl",
        set(),
        set(CATEGORIES),
    ),
    # --- political: voting calls and party judgements; neutral reports are fine
    (
        "klimaat",
        "Morgen stem ik D66, voor een groen en eerlijk land. Jij ook?",
        {"political"},
        set(),
    ),
    ("zorg", "Trots dat ik sinds vandaag lid ben van de ChristenUnie!", {"political"}, set()),
    ("defensie", "I'm proud to say I've joined Volt today. Europe needs us!", {"political"}, set()),
    (
        "toeslagen",
        "Stem donderdag niet op de PVV, dat is het enige wat ik vraag.",
        {"political"},
        set(),
    ),
    ("zorg", "Wat een sterk debat van Bontenbal vanavond. Chapeau!", {"political"}, set()),
    (
        "landbouw",
        "De Partij voor de Dieren wil de veestapel halveren. Wat een waanzin.",
        {"political"},
        set(),
    ),
    (
        "landbouw",
        "BBB heeft vandaag een initiatiefwet ingediend om de stikstofdoelen te schrappen. Het voorstel: "
        "https://www.tweedekamer.nl",
        set(),
        {"political", "proximity"},
    ),
    (
        "woordvoerder",
        "De PVV heeft een motie ingediend over arbeidsmigratie. De minister reageert schriftelijk.",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "D66 en de VVD dienden vandaag een amendement in over de CO2-heffing.",
        set(),
        {"political"},
    ),
    ("klimaat", "Vergeet niet te stemmen woensdag! Elke stem telt.", set(), {"political"}),
    # --- tone
    (
        "woordvoerder",
        "@boze_burger Misschien eerst leren lezen voordat u zo'n domme vraag stelt?",
        {"tone"},
        set(),
    ),
    ("gemeente", "ZIJN JULLIE NOU HELEMAAL GEK GEWORDEN MET DIE PARKEERTARIEVEN", {"tone"}, set()),
    ("defensie", "Those protesters are all lazy freeloaders.", {"tone"}, set()),
    (
        "wijkagent",
        "Weer een aanrijding op de Laan van Meerdervoort, sommige mensen leren het nooit 😂",
        {"tone"},
        set(),
    ),
    (
        "zorg",
        "Ik ben het niet eens met de columnist van vandaag, maar het is een goed gesprek waard.",
        set(),
        {"tone"},
    ),
    (
        "gemeente",
        "Vandaag met de kinderen naar de dierentuin, de apen waren hilarisch 😂",
        set(),
        set(CATEGORIES),
    ),
    (
        "landbouw",
        "Moslims vieren vandaag het Suikerfeest. Eid Mubarak aan iedereen die het viert!",
        set(),
        {"tone"},
    ),
    # --- speculation
    (
        "wijkagent",
        "Steekpartij in de Schilderswijk vannacht. Ik durf te wedden dat het weer om drugs gaat.",
        {"speculation"},
        set(),
    ),
    (
        "gemeente",
        "Wéér brand in de containers bij het station. Ongetwijfelt weer die jongens van het plein.",
        {"speculation"},
        set(),
    ),
    (
        "defensie",
        "That drone incident near the air base? Most likely Russian spying, no doubt about it.",
        {"speculation"},
        set(),
    ),
    (
        "wijkagent",
        "Vannacht een steekpartij in de Schilderswijk. De recherche doet onderzoek; getuigen kunnen bellen "
        "met 0900-8844.",
        set(),
        {"speculation"},
    ),
    (
        "klimaat",
        "Volgens de netbeheerder is de storing vermoedelijk veroorzaakt door een defecte kabel.",
        set(),
        {"speculation"},
    ),
    # --- privacy
    (
        "zorg",
        "Bewoonster mevrouw Van Dijk (88) is gevallen en ligt nu in het ziekenhuis met een gebroken heup.",
        {"privacy"},
        set(),
    ),
    (
        "klimaat",
        "Gisteren een dreigmail gekregen van piet.devries@ziggo.nl. Ongelooflijk.",
        {"privacy"},
        set(),
    ),
    (
        "gemeente",
        "Deze vrouw gooide haar afval gewoon op straat, zie foto! Weet iemand wie dit is?",
        {"privacy"},
        set(),
    ),
    (
        "wijkagent",
        "Buurtbewoner op de Vlierboomstraat 33 heeft weer een feest gegeven. Kenteken: 45-TRX-9.",
        {"privacy"},
        set(),
    ),
    (
        "woordvoerder",
        "Persvragen? Mail persvoorlichting@minszw.nl of bel de woordvoering.",
        set(),
        {"privacy"},
    ),
    ("zorg", "Minister Agema bezocht vandaag een verpleeghuis in Zwolle.", set(), {"privacy"}),
    # --- confidentiality
    (
        "klimaat",
        "Niet verder vertellen hoor, maar de minister gaat volgende week de subsidie voor zonnepanelen schrappen.",
        {"confidentiality"},
        set(),
    ),
    (
        "toeslagen",
        "Intern hebben we al cijfers: de hersteloperatie kost twee keer zoveel als begroot.",
        {"confidentiality"},
        set(),
    ),
    (
        "defensie",
        "Our platoon deploys to Estonia on Thursday at 05:00 from the Oirschot barracks.",
        {"confidentiality"},
        set(),
    ),
    (
        "zorg",
        "Net de conceptversie van het hoofdlijnenakkoord ouderenzorg gelezen. Er gaat flink bezuinigd worden.",
        {"confidentiality"},
        set(),
    ),
    (
        "gemeente",
        "Vertrouwelijk gesprek gehad met de kat. Ze wil meer brokjes. De onderhandelingen lopen nog 🐈",
        set(),
        set(CATEGORIES),
    ),
    (
        "zorg",
        "Mijn interne klok staat nog op Portugese tijd. Eerste werkdag na de vakantie, iemand koffie?",
        set(),
        set(CATEGORIES),
    ),
    (
        "defensie",
        "Confidential intel from my 5-year-old: dinosaurs are way cooler than tanks.",
        set(),
        set(CATEGORIES),
    ),
    (
        "toeslagen",
        "Ik kan via social media niets over jouw zaak zeggen, maar je zaakbehandelaar wel: "
        "https://www.belastingdienst.nl",
        set(),
        set(CATEGORIES),
    ),
    # --- on-behalf
    (
        "toeslagen",
        "Namens de Belastingdienst: sorry voor de lange wachttijden vandaag. We doen echt ons best!",
        {"on-behalf"},
        set(),
    ),
    (
        "zorg",
        "Als ministerie van VWS gaan wij de wachtlijsten in de ggz binnen een jaar oplossen.",
        {"on-behalf"},
        set(),
    ),
    (
        "defensie",
        "We at Defence promise every recruit a job within three months.",
        {"on-behalf"},
        set(),
    ),
    (
        "woordvoerder",
        "Wij betreuren de fout in de berekening van een deel van de WW-uitkeringen. Het verschil wordt "
        "nabetaald: https://www.rijksoverheid.nl",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "Wij zoeken een collega! Bij mijn directie is een vacature: https://www.werkenvoornederland.nl",
        set(),
        set(CATEGORIES),
    ),
    # --- persona
    (
        "landbouw",
        "Op persoonlijke titel: als beleidsmedewerker stikstof zie ik dat de regels te streng zijn.",
        {"persona"},
        set(),
    ),
    (
        "defensie",
        "Views are my own, but as a captain in the army I can tell you the new pay deal is a joke.",
        {"persona"},
        set(),
    ),
    (
        "zorg-bio",
        "Zondagochtend markt, bloemen gekocht, soep gemaakt.",
        {"persona"},
        {"proximity", "tone"},
    ),
    ("zorg", "Zondagochtend markt, bloemen gekocht, soep gemaakt.", set(), set(CATEGORIES)),
    # --- conduct
    (
        "toeslagen",
        "Gisteren kerstborrel van de afdeling, ik weet alleen nog dat ik om 3 uur op de bar stond 🥴",
        {"conduct"},
        set(),
    ),
    (
        "klimaat",
        "Work trip to Brussels: we got so drunk with the team that we missed the morning session.",
        {"conduct"},
        set(),
    ),
    (
        "wijkagent",
        "Na de dienst met de collega's drie biertjes en toen met de dienstauto naar huis 🙈",
        {"conduct"},
        set(),
    ),
    (
        "zorg",
        "Gezellige kerstborrel met de directie, fijne feestdagen allemaal! 🍻",
        set(),
        set(CATEGORIES),
    ),
]


@pytest.fixture(scope="module")
def ruleset():
    return load_rules([RIJK])


@pytest.fixture(scope="module")
def engines(ruleset):
    topics = TopicModel.load(topics_dir())
    return {name: Engine(ruleset, profile, topics) for name, profile in PROFILES.items()}


def flagged(engine: Engine, text: str) -> set[str]:
    return {f.category for f in engine.check_text(text).findings if f.severity in FLAGGING}


@pytest.mark.parametrize(
    ("profile", "text", "must", "must_not"),
    CASES,
    ids=[f"{i:02d}-{c[0]}" for i, c in enumerate(CASES)],
)
def test_case(engines, profile, text, must, must_not):
    got = flagged(engines[profile], text)
    assert must <= got, f"missing {sorted(must - got)} in {text!r}; flagged {sorted(got)}"
    assert not (got & must_not), f"false alarm {sorted(got & must_not)} in {text!r}"


# ----------------------------------------------------------------- severities by profile


def severities(engine: Engine, text: str, category: str) -> set[str]:
    return {f.severity for f in engine.check_text(text).findings if f.category == category}


def test_spokesperson_on_official_account_may_speak_on_behalf(engines):
    text = (
        "Namens het ministerie: onze excuses voor de storing op de website. Wij gaan dit oplossen."
    )
    assert "on-behalf" not in flagged(engines["woordvoerder"], text)
    assert "on-behalf" in flagged(engines["klimaat"], text)


def test_seniority_raises_proximity_to_error(ruleset):
    topics = TopicModel.load(topics_dir())
    text = "Ik vind het eerlijk gezegd onverstandig dat de subsidie voor thuisbatterijen verdwijnt."
    staff = Engine(ruleset, PROFILES["klimaat"], topics)
    senior = Engine(
        ruleset, PROFILES["klimaat"].model_copy(update={"role": "leidinggevende"}), topics
    )
    assert severities(staff, text, "proximity") == {"warning"}
    assert "error" in severities(senior, text, "proximity")


def test_far_from_own_area_is_reassurance_only(engines):
    result = engines["klimaat"].check_text(
        "Ik vind het echt een slecht plan om de basisbeurs voor studenten te versoberen."
    )
    proximity = [f for f in result.findings if f.category == "proximity"]
    assert proximity and all(f.severity == "info" for f in proximity)
    assert result.verdict == "ok"


def test_voting_call_from_official_account_is_an_error(ruleset):
    topics = TopicModel.load(topics_dir())
    official = PROFILES["klimaat"].model_copy(
        update={"account": PROFILES["klimaat"].account.model_copy(update={"kind": "official"})}
    )
    engine = Engine(ruleset, official, topics)
    assert "error" in severities(
        engine, "Woensdag verkiezingen! Ik stem GroenLinks-PvdA.", "political"
    )


def test_election_time_raises_a_party_judgement(engines):
    calm = severities(
        engines["zorg"], "Goed om te zien dat de VVD eindelijk iets doet aan de zorg.", "political"
    )
    heated = severities(
        engines["zorg"],
        "Goed om te zien dat de VVD eindelijk iets doet aan de zorg. #TK2025",
        "political",
    )
    assert calm == {"warning"}
    assert "error" in heated


def test_bio_with_employer_is_info_not_a_flag(ruleset):
    topics = TopicModel.load(topics_dir())
    profile = PROFILES["zorg"].model_copy(
        update={
            "account": PROFILES["zorg"].account.model_copy(
                update={"bio": "Werkt bij het Ministerie van Volksgezondheid, Welzijn en Sport."}
            )
        }
    )
    result = Engine(ruleset, profile, topics).check_text("Zondag markt.")
    assert [(f.rule, f.severity) for f in result.findings if f.category == "persona"] == [
        ("RIJK-PERS-003", "info")
    ]
    assert result.verdict == "ok"


def test_work_content_from_personal_account_gets_archiving_advice(engines):
    text = "Vandaag is de subsidieregeling voor warmtenetten opengesteld, mijn team werkte er twee jaar aan."
    rules = {f.rule: f.severity for f in engines["klimaat"].check_text(text).findings}
    assert rules.get("RIJK-PERS-005") == "info"
    assert not any(
        f.rule == "RIJK-PERS-005" for f in engines["woordvoerder"].check_text(text).findings
    )


def test_police_identification_request_on_official_account_is_a_warning(ruleset):
    topics = TopicModel.load(topics_dir())
    official = PROFILES["wijkagent"].model_copy(
        update={"account": PROFILES["wijkagent"].account.model_copy(update={"kind": "official"})}
    )
    text = "Herkent u deze man? Hij is op camera betrapt bij een inbraak. Tips via 0800-7000."
    assert severities(Engine(ruleset, official, topics), text, "privacy") == {"warning"}
    assert "error" in severities(Engine(ruleset, PROFILES["gemeente"], topics), text, "privacy")


# ------------------------------------------------------------------ pack housekeeping


def test_pack_covers_every_category(ruleset):
    assert {r.category for r in ruleset.rules} == set(CATEGORIES)


def test_rules_are_documented(ruleset):
    for rule in ruleset.rules:
        assert re.fullmatch(r"RIJK-[A-Z]+-\d{3}", rule.id), rule.id
        assert len(rule.examples.bad) >= 2 and len(rule.examples.good) >= 2, rule.id
        assert (
            rule.basis
            and rule.message.get("nl")
            and rule.why.get("nl")
            and rule.suggestion.get("nl")
        ), rule.id
        assert rule.message.get("en") and rule.why.get("en") and rule.suggestion.get("en"), rule.id


def test_every_signal_of_the_guidelines_is_implemented():
    """Each rule carries a comment naming the guideline signals (GUIDELINES.md section 2, 1-26) it implements."""
    numbers: set[int] = set()
    for path in sorted(Path(RIJK).glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.lstrip().startswith("- id: RIJK-"):
                comment = lines[i - 1].strip()
                assert comment.startswith(("# Signal", "# No numbered signal")), (
                    f"{path.name}:{i + 1}: no signal comment"
                )
                listed = re.match(r"# Signals? ([\d ,and]+)", comment)
                numbers |= (
                    {int(n) for n in re.findall(r"\d+", listed.group(1))} if listed else set()
                )
    assert set(range(1, 27)) <= numbers, (
        f"signals without a rule: {sorted(set(range(1, 27)) - numbers)}"
    )
