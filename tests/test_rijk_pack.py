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

from postcheck.engine.core import Engine
from postcheck.models import CATEGORIES, Profile
from postcheck.packs.loading import data_dir, load_rules, topics_dir
from postcheck.packs.topics import TopicModel

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
            "bio": "Beleidsmedewerker langdurige zorg | Directie Langdurige Zorg | "
            "Ministerie van Volksgezondheid, Welzijn en Sport. Tweets op persoonlijke titel.",
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
    # English bio that claims a personal capacity while listing title, unit and ministry
    "defensie-en-bio": _profile(
        function_title="Kapitein, stafofficier operaties",
        organisation="Ministerie van Defensie",
        department="Commando Landstrijdkrachten, 11 Luchtmobiele Brigade",
        beleidsterrein=["defensie"],
        keywords=["krijgsmacht", "werving"],
        role="defensie",
        account={
            "kind": "personal",
            "bio": "Captain, staff officer operations | 11 Airmobile Brigade | Ministry of "
            "Defence. Views are my own, not my employer's.",
        },
    ),
    "gemeente-en-bio": _profile(
        function_title="Beleidsmedewerker openbare ruimte",
        organisation="Gemeente Rotterdam",
        department="Cluster Stadsbeheer, team Afval en Schone Stad",
        beleidsterrein=["openbare ruimte", "afval"],
        keywords=["zwerfafval", "grofvuil"],
        account={
            "kind": "personal",
            "bio": "Policy officer public space, Waste and Clean City team, City Management "
            "cluster. Posting privately, views my own.",
        },
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
        (
            "Eerlijk gezegd vind ik de nieuwe salderingsregeling een gemiste kans voor gewone "
            "huishoudens."
        ),
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
        (
            "De hersteloperatie toeslagen gaat veel te traag. Ouders wachten al jaren, dat kan zo"
            " niet langer."
        ),
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
        (
            "Mantelzorgers worden in dit land gewoon aan hun lot overgelaten, de ouderenzorg is "
            "echt triest geregeld."
        ),
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
        (
            "Vandaag is de subsidieregeling voor warmtenetten opengesteld. Alles lezen: "
            "https://www.rvo.nl/warmtenetten"
        ),
        set(),
        set(CATEGORIES),
    ),
    (
        "zorg",
        (
            "Trots! Het wetsvoorstel voor betere dementiezorg thuis is vandaag aangenomen. Dank "
            "aan alle collega's."
        ),
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        (
            "Thanks to everyone who joined our webinar on grid congestion. The recording is "
            "online: https://www.rvo.nl"
        ),
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
        (
            "BBB heeft vandaag een initiatiefwet ingediend om de stikstofdoelen te schrappen. Het"
            " voorstel: "
            "https://www.tweedekamer.nl"
        ),
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
        (
            "Vannacht een steekpartij in de Schilderswijk. De recherche doet onderzoek; getuigen "
            "kunnen bellen "
            "met 0900-8844."
        ),
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
        (
            "Bewoonster mevrouw Van Dijk (88) is gevallen en ligt nu in het ziekenhuis met een "
            "gebroken heup."
        ),
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
        (
            "Niet verder vertellen hoor, maar de minister gaat volgende week de subsidie voor "
            "zonnepanelen schrappen."
        ),
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
        (
            "Net de conceptversie van het hoofdlijnenakkoord ouderenzorg gelezen. Er gaat flink "
            "bezuinigd worden."
        ),
        {"confidentiality"},
        set(),
    ),
    (
        "gemeente",
        (
            "Vertrouwelijk gesprek gehad met de kat. Ze wil meer brokjes. De onderhandelingen "
            "lopen nog 🐈"
        ),
        set(),
        set(CATEGORIES),
    ),
    (
        "zorg",
        (
            "Mijn interne klok staat nog op Portugese tijd. Eerste werkdag na de vakantie, iemand"
            " koffie?"
        ),
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
        (
            "Namens de Belastingdienst: sorry voor de lange wachttijden vandaag. We doen echt ons"
            " best!"
        ),
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
        (
            "Wij betreuren de fout in de berekening van een deel van de WW-uitkeringen. Het "
            "verschil wordt "
            "nabetaald: https://www.rijksoverheid.nl"
        ),
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        (
            "Wij zoeken een collega! Bij mijn directie is een vacature: "
            "https://www.werkenvoornederland.nl"
        ),
        set(),
        set(CATEGORIES),
    ),
    # --- persona
    (
        "landbouw",
        (
            "Op persoonlijke titel: als beleidsmedewerker stikstof zie ik dat de regels te streng"
            " zijn."
        ),
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
        (
            "Gisteren kerstborrel van de afdeling, ik weet alleen nog dat ik om 3 uur op de bar "
            "stond 🥴"
        ),
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


def others(*allowed: str) -> set[str]:
    """Every category except the ones a case may flag."""
    return set(CATEGORIES) - set(allowed)


# Drafts written for the themes that an independent set showed as weak: English stance,
# on-behalf and persona claims; speculation, tone and proximity without the classic markers;
# indirect party membership; everyday conduct and privacy details; operational details. Each
# risky draft must flag its category and nothing outside what it may flag; the hard negatives
# share words with the risky ones ("Lekker bezig, buurvrouw", an open day at the brigade,
# "Honestly?" before praise) and must flag nothing.
GENERALISATION_CASES: list[tuple[str, str, set[str], set[str]]] = [
    (
        "klimaat",
        (
            "Ik snap het oprecht niet. We schrappen de subsidie voor thuisbatterijen terwijl het "
            "net nu al overvol zit."
        ),
        {"proximity"},
        others("proximity"),
    ),
    (
        "toeslagen",
        (
            "Over vijf jaar kijken we met schaamte terug op hoe we de hersteloperatie hebben "
            "aangepakt."
        ),
        {"proximity"},
        others("proximity"),
    ),
    (
        "gemeente",
        "Die nieuwe afvalstoffenheffing is gewoon legale diefstal van de Rotterdammers.",
        {"proximity"},
        others("proximity", "tone"),
    ),
    (
        "defensie",
        "Honestly? Our readiness is a lot worse than the minister admits.",
        {"proximity"},
        others("proximity"),
    ),
    (
        "klimaat",
        "We won't reach the 2030 climate target, and everybody in the building knows it.",
        {"proximity"},
        others("proximity"),
    ),
    (
        "landbouw",
        "Let me just say it: the buy-out scheme for livestock farmers is money down the drain.",
        {"proximity"},
        others("proximity"),
    ),
    (
        "zorg",
        "To be honest, I can't defend what we're doing to nursing homes anymore.",
        {"proximity"},
        others("proximity"),
    ),
    (
        "toeslagen",
        "Compensating parents takes years longer than promised. I'm not proud of that.",
        {"proximity"},
        others("proximity"),
    ),
    (
        "zorg",
        "Die bezuiniging op de wijkverpleging gaat ons over tien jaar keihard opbreken.",
        {"proximity"},
        others("proximity"),
    ),
    (
        "klimaat",
        (
            "Gisteravond de afdelingsvergadering van de SP bijgewoond. Lid sinds januari en nog "
            "steeds enthousiast!"
        ),
        {"political"},
        others("political"),
    ),
    (
        "zorg",
        "De kiezer heeft de PVV en BBB eindelijk afgestraft. Terecht.",
        {"political"},
        others("political"),
    ),
    (
        "landbouw",
        "Die PVV-Kamerleden zijn echt de meest hypocriete mensen in Den Haag.",
        {"political"},
        others("political", "tone"),
    ),
    (
        "gemeente",
        "Only one sensible vote on Wednesday: Volt.",
        {"political"},
        others("political"),
    ),
    (
        "defensie",
        "Don't waste your vote on the VVD this time. GroenLinks-PvdA is the only serious option.",
        {"political"},
        others("political"),
    ),
    (
        "klimaat",
        "Happy that GroenLinks-PvdA finally won, the other parties deserved that beating.",
        {"political"},
        others("political"),
    ),
    (
        "gemeente",
        "Die Polen in de Afrikaanderwijk gooien alles gewoon op straat.",
        {"tone"},
        others("proximity", "tone"),
    ),
    (
        "gemeente",
        "Zwerfafval in Zuid is gewoon een cultureel probleem, laten we eerlijk zijn.",
        {"tone"},
        others("proximity", "tone"),
    ),
    (
        "zorg",
        "Oh great, another 'expert' panel on elderly care 🙄",
        {"tone"},
        others("proximity", "tone"),
    ),
    (
        "toeslagen",
        "Die staatssecretaris moet gewoon haar mond houden.",
        {"tone"},
        others("political", "proximity", "tone"),
    ),
    (
        "klimaat",
        "Neem eens een douche en zoek een baan, zeg ik tegen die demonstranten op de A12.",
        {"tone"},
        others("political", "tone"),
    ),
    (
        "zorg",
        "Mooi hoor, die 'hervorming' van de wijkverpleging.",
        {"tone"},
        others("proximity", "tone"),
    ),
    (
        "landbouw",
        "Nou nou, wat een 'historisch akkoord' weer. 🙄",
        {"tone"},
        others("proximity", "tone"),
    ),
    (
        "gemeente",
        (
            "Reken maar dat die brand in de ondergrondse container weer door dezelfde jongens is "
            "aangestoken."
        ),
        {"speculation"},
        others("speculation"),
    ),
    (
        "klimaat",
        "Alles wijst erop dat de storing bij het transformatorstation geen ongeluk was.",
        {"speculation"},
        others("speculation"),
    ),
    (
        "toeslagen",
        (
            "Volgens mij wist die teamleider allang van de fraude met toeslagen. Hij hielp gewoon"
            " zijn vrienden."
        ),
        {"speculation"},
        others("speculation"),
    ),
    (
        "defensie",
        (
            "The accident with the armoured vehicle yesterday: pretty sure the driver had been "
            "drinking."
        ),
        {"speculation"},
        others("speculation"),
    ),
    (
        "zorg",
        "That nursing home scandal? My money is on the board covering it up.",
        {"speculation"},
        others("speculation"),
    ),
    (
        "defensie",
        "Those missing rifles at the base? My guess is someone inside sold them on.",
        {"speculation"},
        others("confidentiality", "speculation"),
    ),
    (
        "zorg",
        "Sandra K. uit ons koor zit sinds maart in een afkickkliniek, sterkte meid!",
        {"privacy"},
        others("privacy"),
    ),
    (
        "toeslagen",
        (
            "Mevrouw Jansen uit Zwolle belde vandaag weer; uit haar dossier blijkt dat ze drie "
            "jaar huurtoeslag moet terugbetalen."
        ),
        {"privacy"},
        others("confidentiality", "privacy"),
    ),
    (
        "gemeente",
        "De bewoner van Slachtedyk 8 in Winsum zet elke week zijn grofvuil op de stoep.",
        {"privacy"},
        others("privacy"),
    ),
    (
        "landbouw",
        "The farmer at Hoofdweg 112 in Nieuw-Buinen is the one who reported his neighbours.",
        {"privacy"},
        others("privacy"),
    ),
    (
        "defensie",
        "Morgen om 05:30 vertrekt onze compagnie vanuit Schaarsbergen naar Litouwen. Spannend!",
        {"confidentiality"},
        others("confidentiality"),
    ),
    (
        "toeslagen",
        (
            "Dit heb je niet van mij, maar de compensatie voor ouders gaat omhoog. Komt volgende "
            "maand pas naar buiten."
        ),
        {"confidentiality"},
        others("confidentiality"),
    ),
    (
        "defensie",
        "Internal figure, not supposed to be public yet: only 40% of our vehicles are operational.",
        {"confidentiality"},
        others("confidentiality", "proximity"),
    ),
    (
        "defensie",
        "Great view from our position today 📍 grid ref visible in the picture, can you spot us?",
        {"confidentiality"},
        others("confidentiality"),
    ),
    (
        "gemeente",
        (
            "Heads-up: the council will scrap the underground containers in Charlois, the "
            "decision goes public next month."
        ),
        {"confidentiality"},
        others("confidentiality"),
    ),
    (
        "wijkagent",
        "Vanavond om 22:00 grote controle op de Erasmusweg met 20 collega's, dus pas op 😉",
        {"confidentiality"},
        others("confidentiality"),
    ),
    (
        "gemeente",
        "On behalf of the City of Rotterdam: apologies for the missed collections this week.",
        {"on-behalf"},
        others("on-behalf"),
    ),
    (
        "toeslagen",
        "We at the Tax Administration will make sure every parent is paid before summer.",
        {"on-behalf"},
        others("on-behalf"),
    ),
    (
        "defensie",
        "Namens de brigade: dank aan alle families voor hun steun tijdens de oefening.",
        {"on-behalf"},
        others("on-behalf"),
    ),
    (
        "landbouw",
        "Wij bij LVVN gaan ervoor zorgen dat iedere boer een eerlijk bod krijgt, dat beloof ik.",
        {"on-behalf"},
        others("on-behalf"),
    ),
    (
        "klimaat",
        "Speaking for the whole directorate: we will fix grid congestion.",
        {"on-behalf"},
        others("on-behalf"),
    ),
    (
        "klimaat",
        (
            "Posting privately here, but I've worked on energy policy at the ministry for eight "
            "years: grid congestion is solvable."
        ),
        {"persona"},
        others("persona", "proximity"),
    ),
    (
        "defensie-en-bio",
        "Mooie zonsopkomst vanochtend op de hei.",
        {"persona"},
        others("persona"),
    ),
    (
        "gemeente-en-bio",
        "Feyenoord wint weer! 💪",
        {"persona"},
        others("persona"),
    ),
    (
        "toeslagen",
        (
            "Ik spreek hier alleen voor mezelf, maar als beleidsmedewerker toeslagen weet ik dat "
            "het systeem rammelt."
        ),
        {"persona"},
        others("persona", "proximity"),
    ),
    (
        "defensie",
        "Kroeg in Oirschot gesloopt met het peloton gisteravond 😂 nacht in de cel was het waard.",
        {"conduct"},
        others("conduct"),
    ),
    (
        "defensie",
        "Kazernebar leeggedronken met de compagnie, de kapitein lag om 2 uur onder de tafel 🍻",
        {"conduct"},
        others("conduct"),
    ),
    (
        "toeslagen",
        (
            "Borrel bij Toeslagen ontspoorde volledig, collega Erik werd door de beveiliging "
            "eruit gezet."
        ),
        {"conduct"},
        others("conduct", "privacy"),
    ),
    (
        "zorg",
        (
            "Too much wine at the office party, someone had to clean up after our directorate's "
            "party. Not proud 😅"
        ),
        {"conduct"},
        others("conduct"),
    ),
    (
        "klimaat",
        (
            "Gave my speech at the ministry's new year reception from a toilet cubicle. "
            "Long night 🍷🍷🍷"
        ),
        {"conduct"},
        others("conduct"),
    ),
    (
        "defensie",
        "Het peloton heeft gisteravond de hele bar in Vilnius gesloopt. De MP kwam erbij.",
        {"conduct"},
        others("conduct"),
    ),
    (
        "gemeente",
        "Lekker bezig, buurvrouw! Je voortuin ziet er prachtig uit 🌷",
        set(),
        set(CATEGORIES),
    ),
    (
        "defensie",
        (
            "Zaterdag open dag bij de brigade in Schaarsbergen: kinderen mogen in een voertuig "
            "zitten. Kom langs!"
        ),
        set(),
        set(CATEGORIES),
    ),
    (
        "defensie",
        "Open day at the air base this Saturday, kids can sit in a helicopter. See you there!",
        set(),
        set(CATEGORIES),
    ),
    (
        "defensie",
        (
            "Proud of our reservists: 120 new recruits finished their basic training this week. "
            "https://www.defensie.nl"
        ),
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        (
            "The results of the offshore wind tender are published: 4 GW awarded. Details: "
            "https://www.rvo.nl"
        ),
        set(),
        set(CATEGORIES),
    ),
    (
        "defensie",
        "Mooi hoor, die zonsopkomst boven de hei vanochtend.",
        set(),
        set(CATEGORIES),
    ),
    (
        "zorg",
        "Honestly? Best pancakes I've had in years. Go try them in Utrecht.",
        set(),
        set(CATEGORIES),
    ),
    (
        "toeslagen",
        "Let me just say it: my daughter's school play was the best thing I've seen all year.",
        set(),
        set(CATEGORIES),
    ),
    (
        "gemeente",
        "Wij als buurtvereniging organiseren zaterdag een opschoondag in de wijk. Iedereen welkom!",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "On behalf of our running club: thanks to everyone who came to the charity run.",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        (
            "Concept van mijn speech voor de bruiloft van mijn zus is af. Nog niet openbaar, ook "
            "niet voor de bruid 🤫"
        ),
        set(),
        set(CATEGORIES),
    ),
    (
        "gemeente",
        "Die 'expert' van het tuincentrum had gelijk: mijn tomaten doen het geweldig.",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "Let me be honest: I was wrong about heat pumps, ours works great even in winter.",
        set(),
        set(CATEGORIES),
    ),
    (
        "zorg",
        (
            "To be honest, I'm exhausted after this week, but the new dementia guide is out: "
            "https://www.rijksoverheid.nl"
        ),
        set(),
        set(CATEGORIES),
    ),
    (
        "zorg",
        "Honestly? The nurses at my mother's care home are heroes. Thank you!",
        set(),
        set(CATEGORIES),
    ),
    (
        "wijkagent",
        (
            "Zaterdag open dag op het bureau aan de Jan Hendrikstraat 85! Kinderen mogen in de "
            "politieauto."
        ),
        set(),
        set(CATEGORIES),
    ),
    (
        "zorg",
        "Mevrouw Verhoeven van de Alzheimer Stichting gaf vandaag een mooie lezing.",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "Knap hoor, hoe mijn dochter (8) haar eerste zonnepaneel-proefje bouwde! ☀️",
        set(),
        set(CATEGORIES),
    ),
    (
        "landbouw",
        "Stemmen kan tot 21.00 uur. Ga stemmen, het maakt verschil!",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "Wij bij de moestuinvereniging gaan dit jaar pompoenen kweken!",
        set(),
        set(CATEGORIES),
    ),
    (
        "toeslagen",
        "I can't defend my pub quiz title this year, I'm on holiday 😅",
        set(),
        set(CATEGORIES),
    ),
    (
        "landbouw",
        "Let's be honest: nothing beats a Frisian sugar bread on Sunday morning.",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "Zonder extra netcapaciteit is die hele warmtepompambitie een luchtkasteel.",
        {"proximity"},
        others("proximity"),
    ),
    (
        "gemeente",
        (
            "Eerlijk gezegd snap ik niet waarom we de grofvuilophaal gratis hebben gemaakt, de "
            "straten liggen vol."
        ),
        {"proximity"},
        others("proximity"),
    ),
    (
        "landbouw",
        (
            "Die zogenaamde 'natuurbeschermers' van Greenpeace hebben nog nooit een dag op een "
            "boerderij gewerkt."
        ),
        {"tone"},
        others("political", "proximity", "tone"),
    ),
    (
        "gemeente",
        "Those people from the Tarwewijk just dump everything on the street, every single time.",
        {"tone"},
        others("proximity", "tone"),
    ),
    (
        "toeslagen",
        (
            "My client Mr Visser from Almere still owes 8,000 euros to the tax office and his "
            "wife just left him."
        ),
        {"privacy"},
        others("confidentiality", "privacy"),
    ),
    (
        "klimaat",
        (
            "Kleine tip: de nieuwe subsidieregeling wordt pas in september aangekondigd, maar het"
            " budget wordt verdubbeld."
        ),
        {"confidentiality"},
        others("confidentiality"),
    ),
    (
        "wijkagent",
        (
            "Morgen vanaf 07:00 zetten we met vier teams de Haagse Markt af voor een grote actie."
            " Mijd het gebied!"
        ),
        {"confidentiality"},
        others("confidentiality"),
    ),
    (
        "toeslagen",
        "We bij Toeslagen beloven dat elke ouder voor de zomer duidelijkheid heeft.",
        {"on-behalf"},
        others("on-behalf"),
    ),
    (
        "zorg",
        "On behalf of the Long-Term Care directorate: we are sorry and we will do better.",
        {"on-behalf"},
        others("on-behalf"),
    ),
    (
        "zorg",
        (
            "To be honest, the nursing home near my house is lovely. My grandfather is very happy"
            " there."
        ),
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "Honestly? Heat pumps are great. Ours has run three winters without a problem.",
        set(),
        set(CATEGORIES),
    ),
    (
        "defensie",
        "Recruitment open day on Saturday at the barracks in Oirschot, everyone welcome!",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "Knap hoor, die nieuwe fietsbrug in Utrecht. Prachtig ontwerp!",
        set(),
        set(CATEGORIES),
    ),
    (
        "defensie",
        "Wij als ouders van het voetbalteam zoeken nog chauffeurs voor zaterdag.",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "Let me just say it: best pizza in The Hague is at the corner of my street 🍕",
        set(),
        set(CATEGORIES),
    ),
    # --- indirect and subtle drafts (round 3): leaders instead of parties, teasers, insinuations,
    # promises in the organisation's name, nights out told without "drunk"; and the hard negatives
    (
        "gemeente",
        "Volgende week weet ik wel waar mijn kruisje gaat: bij het team van Bontenbal.",
        {"political"},
        set(),
    ),
    (
        "zorg",
        "Timmermans zei het gisteren weer haarfijn. Eindelijk een politicus die durft te zeggen hoe het zit.",
        {"political"},
        set(),
    ),
    (
        "toeslagen",
        "Vanavond mijn lidmaatschapskaart opgehaald. De partij van Jetten gaat het verschil maken!",
        {"political"},
        set(),
    ),
    (
        "klimaat",
        "Zaterdag ga ik weer aanbellen voor de campagne. Wie loopt er mee in Utrecht-Oost?",
        {"political"},
        set(),
    ),
    (
        "landbouw",
        "Teken allemaal de petitie van Farmers Defence Force! Link in de bio.",
        {"political"},
        set(),
    ),
    (
        "defensie",
        "Watched the debate last night. Yeşilgöz was the only one who didn't flinch.",
        {"political"},
        set(),
    ),
    (
        "gemeente",
        "Wie nog twijfelt: stem op de paarse partij, die snappen tenminste hoe een stad werkt.",
        {"political"},
        set(),
    ),
    (
        "klimaat",
        "Saw the draft evaluation of the heat network law today. Let's just say the conclusions are not pretty.",
        {"confidentiality"},
        set(),
    ),
    (
        "toeslagen",
        "Tip voor wie een bedrijf heeft: wacht nog even met je aangifte, er komt binnenkort iets gunstigs aan.",
        {"confidentiality"},
        set(),
    ),
    (
        "defensie",
        "Dinsdag vertrekt Zr.Ms. Tromp in alle stilte richting de Oostzee. Duimen voor de bemanning!",
        {"confidentiality"},
        set(),
    ),
    (
        "gemeente",
        "De handhavers lopen vanaf nu elke nacht om 23.00 en 02.00 uur de route langs de Coolsingel.",
        {"confidentiality"},
        set(),
    ),
    (
        "gemeente",
        "Funny how the contractor that got the tender is owned by the alderman's brother-in-law. Not the first time.",
        {"speculation"},
        set(),
    ),
    (
        "zorg",
        "Weer een zorginstelling failliet. Vast weer een directeur die zijn zakken heeft gevuld.",
        {"speculation"},
        set(),
    ),
    (
        "defensie",
        "From all of us in the Airmobile Brigade: happy holidays, and thanks for your support!",
        {"on-behalf"},
        set(),
    ),
    (
        "toeslagen",
        "Beste ouders, jullie krijgen van ons voor de zomer een brief over jullie compensatie.",
        {"on-behalf"},
        set(),
    ),
    (
        "toeslagen",
        "Zomerfeest van de afdeling: om half 2 lag de teamleider in de Amstel en ik ben mijn pasje kwijt 🍺",
        {"conduct"},
        set(),
    ),
    (
        "gemeente",
        "Met de dienstauto even naar de IKEA voor een nieuwe bank. Scheelt weer een bus huren.",
        {"conduct"},
        set(),
    ),
    (
        "gemeente",
        "Ken je Henk van de bakkerij op de Zwartjanstraat? Hij is net weduwnaar en zit diep in de schulden.",
        {"privacy"},
        set(),
    ),
    (
        "zorg",
        "I'm genuinely worried about where we're heading with long-term care for people with dementia.",
        {"proximity"},
        set(),
    ),
    (
        "toeslagen",
        "We leggen het nog één keer uit, langzaam dit keer: de aangifte doe je vóór 1 mei.",
        {"tone"},
        set(),
    ),
    (
        "zorg",
        "Interne memo aan mezelf: minder koffie, meer water. Dag 3 gaat goed.",
        set(),
        set(CATEGORIES),
    ),
    (
        "defensie",
        "Classified briefing from the kitchen: the dog has eaten the birthday cake.",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "De zoveelste app die we als overheid aanprijzen: ik ben benieuwd of mensen hem gaan gebruiken.",
        set(),
        {"on-behalf"},
    ),
    (
        "zorg",
        "Opvallend warm voor november, vlak na die koude week. Maar goed, ik klaag niet.",
        set(),
        set(CATEGORIES),
    ),
    (
        "gemeente",
        "Minister Jetten opende vandaag de nieuwe tramlijn in Rotterdam-Zuid. Mooie dag voor de wijk.",
        set(),
        set(CATEGORIES),
    ),
    (
        "zorg",
        "Vanavond met mijn zus naar het café geweest, twee biertjes en op tijd naar huis.",
        set(),
        set(CATEGORIES),
    ),
    (
        "toeslagen",
        "Mijn dochter heeft op school een petitie getekend voor meer speeltoestellen. Trots op haar.",
        set(),
        set(CATEGORIES),
    ),
    (
        "klimaat",
        "We hebben besloten deze zomer met de kinderen naar Italië te gaan.",
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
    CASES + GENERALISATION_CASES,
    ids=[f"{i:02d}-{c[0]}" for i, c in enumerate(CASES + GENERALISATION_CASES)],
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
    text = (
        "Vandaag is de subsidieregeling voor warmtenetten opengesteld, "
        "mijn team werkte er twee jaar aan."
    )
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
    """Each rule carries a comment naming the guideline signals it implements.

    The signals are those of GUIDELINES.md section 2, numbered 1-26.
    """
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
