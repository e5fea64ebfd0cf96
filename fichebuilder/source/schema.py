"""The JSON Schema of the position file, generated from the model.

``fiche schema`` prints it, and ``docs/position.schema.json`` is a copy of it that
editors use to complete and check fields while typing (a position file points at it
with ``# yaml-language-server: $schema=…``). The structure comes from the msgspec
structs in ``model.py`` alone; this module adds only words: a Dutch help text per
field for the drafter, shown when hovering over a field and written by ``fiche new``
as the comment above it.
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import Any

import msgspec

from fichebuilder.model import SINGLE_PROPOSAL_FIELDS, Fiche

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# where the committed copy lives, relative to a checkout's root
SCHEMA_FILE = "docs/position.schema.json"

# Per field, keyed ``Struct.field``: what the drafter writes there, in the drafter's
# language and in the terms of the BNC-fiche format. A test checks that every field
# of the model has one.
FIELD_HELP: dict[str, str] = {
    "Fiche.kind": "Soort voorstel: communication (mededeling of aanbeveling) of legislative (wetgevend "
    "voorstel). Bepaalt de indeling van de fiche.",
    "Fiche.title": "Titel van de fiche, zoals na 'Fiche:' in de titelregel: een korte Nederlandse omschrijving "
    "van het voorstel.",
    "Fiche.follows": "Optioneel: het COM-nummer van het eerdere voorstel waarop dit voorstel voortbouwt, "
    "bijvoorbeeld COM(2023) 641; fiche diff vergelijkt ze.",
    "Fiche.general": "1. Algemene gegevens.",
    "Fiche.essence": "2. Essentie voorstel (bij een wetgevend voorstel 2a, Inhoud voorstel): wat de Commissie "
    "voorstelt en waarom, in eigen woorden.",
    "Fiche.impact_assessment_summary": "2b) Impact assessment Commissie: wat de effectbeoordeling van de "
    "Commissie concludeert. Alleen bij een wetgevend voorstel.",
    "Fiche.position": "3. Nederlandse positie.",
    "Fiche.areas": "De thematische gebieden van het voorstel, in de volgorde van het voorstel. Laat de lijst "
    "leeg (areas: []) als het voorstel geen gebieden kent.",
    "Fiche.actions": "De acties (of maatregelen) van het voorstel, met per actie de positie van het kabinet. "
    "Hun teksten staan in 3b, na de algemene beoordeling, per gebied.",
    "Fiche.grounds": "4. Bevoegdheid, subsidiariteit en proportionaliteit; bij een mededeling ook de "
    "financiële gevolgen en de gevolgen voor regeldruk, concurrentiekracht en geopolitieke aspecten.",
    "Fiche.financial": "5. Financiële gevolgen, gevolgen voor regeldruk, concurrentiekracht en geopolitieke "
    "aspecten. Alleen bij een wetgevend voorstel.",
    "Fiche.legal": "6. Implicaties juridisch. Alleen bij een wetgevend voorstel.",
    "Fiche.implementation": "7. Implicaties voor uitvoering en/of handhaving. Alleen bij een wetgevend voorstel.",
    "Fiche.developing_countries": "8. Implicaties voor ontwikkelingslanden. Alleen bij een wetgevend voorstel.",
    "Fiche.footnotes": "De voetnoten: per sleutel de tekst. Verwijs ernaar in een tekst met [^sleutel]; Word "
    "nummert ze. Een voetnoot waarnaar geen tekst verwijst, is een fout.",
    "Fiche.unplaced": "Tekst die fiche import niet kon plaatsen, met waar hij stond. Verplaats hem naar het "
    "juiste veld of verwijder hem; zolang hij hier staat, waarschuwt fiche check.",
    "Translations.nl": "De Nederlandse tekst: de bron van elke vertaling.",
    "Translations.en": "De Engelse vertaling.",
    "Translations.en_of": "Vingerafdruk van de Nederlandse tekst waarvan en de vertaling is (gezet door fiche "
    "xliff import). Verandert de Nederlandse tekst, dan is de vertaling mogelijk verouderd.",
    "Link.url": "Het webadres (https://…).",
    "Link.label": "Optioneel: de tekst die de link toont; zonder label toont de fiche het adres.",
    "General.proposal_title": "a) Titel voorstel: de volledige titel van het Commissiedocument, zoals erop staat. "
    "Bij een fiche over meer voorstellen staat de titel per voorstel onder proposals.",
    "General.received": "b) Datum ontvangst Commissiedocument, als JJJJ-MM-DD. De fiche gaat binnen zes weken "
    "daarna naar de Kamer.",
    "General.com_number": "c) Nr. Commissiedocument, bijvoorbeeld COM(2025) 744. Bij een fiche over meer "
    "voorstellen staat het nummer per voorstel onder proposals.",
    "General.eurlex": "d) EUR-Lex: de link naar het voorstel op EUR-Lex. Bij een fiche over meer voorstellen "
    "staat de link per voorstel onder proposals.",
    "General.proposals": "Alleen bij een fiche over meer voorstellen tegelijk (bijvoorbeeld een pakket van "
    "twee verordeningen): per voorstel de titel, het COM-nummer en de EUR-Lex-link, in de volgorde van de "
    "fiche. proposal_title, com_number en eurlex staan dan niet in general.",
    "Proposal.title": "a) De volledige titel van dit Commissiedocument, zoals erop staat.",
    "Proposal.com_number": "c) Het nummer van dit Commissiedocument, bijvoorbeeld COM(2025) 836.",
    "Proposal.eurlex": "d) De link naar dit voorstel op EUR-Lex.",
    "Proposal.legal_basis": "h) Optioneel, alleen bij een wetgevend voorstel: de rechtsbasis van dit voorstel, "
    "als de voorstellen een verschillende rechtsbasis hebben. Geef de rechtsbasis dan per voorstel, niet ook "
    "in general.",
    "Fiche.parliament": "Optioneel, na verzending aan de Tweede Kamer: de datum van verzending en het "
    "Kamerstuknummer. fiche status toont de fiche dan als verzonden.",
    "Parliament.sent": "De datum waarop de fiche aan de Kamer is verzonden, als JJJJ-MM-DD; niet vóór de "
    "datum van ontvangst.",
    "Parliament.kamerstuk": "Optioneel: het Kamerstuknummer van de fiche, geschreven als 22 112, nr. 3791.",
    "General.impact_assessment": "e) Nr. impact assessment Commissie en Opinie Raad voor Regelgevingstoetsing; "
    "'Niet opgesteld.' als er geen is.",
    "General.council": "f) Behandelingstraject Raad: de Raadsformatie die het voorstel behandelt.",
    "General.ministry": "g) Eerstverantwoordelijk ministerie (en de betrokken ministeries).",
    "General.legal_basis": "h) Rechtsbasis: het verdragsartikel waarop het voorstel steunt. Alleen bij een "
    "wetgevend voorstel. Hebben meer voorstellen een verschillende rechtsbasis, geef haar dan per voorstel "
    "onder proposals.",
    "General.decision_procedure": "i) Besluitvorming Raad, bijvoorbeeld gekwalificeerde meerderheid. "
    "Alleen bij een wetgevend voorstel.",
    "General.parliament_role": "j) Rol Europees Parlement, bijvoorbeeld medebeslissing. Alleen bij een wetgevend "
    "voorstel.",
    "Position.policy": "a) Essentie Nederlands beleid op dit terrein: het bestaande beleid waartegen het kabinet "
    "het voorstel beoordeelt.",
    "Position.assessment": "b) Beoordeling + inzet ten aanzien van dit voorstel: de algemene beoordeling. De "
    "teksten van de gebieden en acties volgen er in de fiche op.",
    "Position.balance": "c) Eerste inschatting van krachtenveld: de posities van de andere lidstaten en het "
    "Europees Parlement, voor zover bekend.",
    "Area.number": "Het nummer van het gebied; een actie verwijst ernaar met area.",
    "Area.title": "De titel van het gebied, zoals in het voorstel.",
    "Area.text": "Optioneel: wat het kabinet over het gebied als geheel zegt; staat in 3b vóór de teksten van "
    "de acties van het gebied.",
    "Action.number": "Het nummer van de actie in het voorstel.",
    "Action.title": "De titel van de actie, zoals in het voorstel.",
    "Action.stance": "De positie van het kabinet: support (steunt), conditional (steunt onder voorwaarden), "
    "neutral (neutraal), critical (heeft zorgen), oppose (is tegen) of unknown (nog onbekend).",
    "Action.stance_proposed": "Gezet door fiche import: de positie is afgeleid uit de tekst. Controleer haar en "
    "haal dit veld weg.",
    "Action.area": "Het nummer van het gebied waartoe de actie hoort; verplicht als de fiche gebieden heeft.",
    "Action.text": "Wat het kabinet over de actie zegt (in 3b). Markeer voorwaarden als [...]{.condition} en "
    "zorgen als [...]{.concern}. Mag weg als de fiche niets over de actie zegt (stance unknown).",
    "Action.summary": "Optioneel: wat de Commissie met de actie voorstelt. Staat niet in de fiche; gebruikt in "
    "overzichten en fiche diff.",
    "Action.same_paragraph": "Optioneel: true laat de tekst doorlopen in de alinea ervoor.",
    "Action.continues": "Optioneel: de nummers van de acties van het eerdere voorstel (follows) die deze actie "
    "voortzet, bijvoorbeeld [4].",
    "Ground.verdict": "Optioneel: het oordeel, positive, negative, neutral of mixed. De fiche schrijft er de zin "
    "'De grondhouding van het kabinet is …' van, vóór de tekst.",
    "Ground.text": "De tekst van het kabinet onder dit kopje.",
    "Grounds.competence": "a) Bevoegdheid: is de EU bevoegd, en op welke grondslag?",
    "Grounds.subsidiarity": "b) Subsidiariteit: is optreden op EU-niveau nodig?",
    "Grounds.proportionality": "c) Proportionaliteit: gaat het voorstel niet verder dan nodig?",
    "Grounds.financial": "d) Financiële gevolgen, voor de EU-begroting en voor Nederland. Alleen bij een "
    "mededeling (een wetgevend voorstel heeft er sectie 5 voor).",
    "Grounds.burden": "e) Gevolgen voor regeldruk, concurrentiekracht en geopolitieke aspecten. Alleen bij een "
    "mededeling (een wetgevend voorstel heeft er sectie 5 voor).",
    "Financial.eu_budget": "a) Consequenties EU-begroting.",
    "Financial.national": "b) Financiële consequenties (incl. personele) voor rijksoverheid en/of medeoverheden.",
    "Financial.business": "c) Financiële consequenties (incl. personele) en regeldrukconsequenties voor "
    "bedrijfsleven en burger.",
    "Financial.competitiveness": "d) Gevolgen voor concurrentiekracht en geopolitieke aspecten.",
    "Legal.national_rules": "a) Consequenties voor nationale en decentrale regelgeving en/of sanctionering beleid.",
    "Legal.delegated_acts": "b) Gedelegeerde en/of uitvoeringshandelingen: welke bevoegdheden krijgt de "
    "Commissie, en is dat wenselijk?",
    "Legal.deadline": "c) Voorgestelde implementatietermijn: is die haalbaar?",
    "Legal.evaluation": "d) Wenselijkheid evaluatie-/horizonbepaling.",
    "Legal.constitutional": "e) Constitutionele toets.",
    "Unplaced.text": "De tekst die niet geplaatst kon worden.",
    "Unplaced.source": "Waar de tekst in het ingelezen document stond.",
}


def field_help(struct: type, name: str) -> str | None:
    """The Dutch help text of field ``name`` of ``struct``, if it has one."""
    return FIELD_HELP.get(f"{struct.__name__}.{name}")


def position_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a position file."""
    schema = msgspec.json.schema(Fiche)
    # the one rule the types cannot say: general names one proposal or lists several
    single = list(SINGLE_PROPOSAL_FIELDS)
    schema["$defs"]["General"]["oneOf"] = [
        {"required": single},
        {"required": ["proposals"], "not": {"anyOf": [{"required": [name]} for name in single]}},
    ]
    for struct_name, definition in schema["$defs"].items():
        if "description" in definition:
            definition["description"] = inspect.cleandoc(definition["description"])
        for name, prop in definition.get("properties", {}).items():
            text = FIELD_HELP.get(f"{struct_name}.{name}")
            if text:
                prop["description"] = text
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "BNC-fiche: positiebestand",
        "description": "Een positiebestand van fichebuilder: één per Commissievoorstel, in positions/. "
        "Zie docs/position-format.md.",
        **schema,
    }


def schema_text() -> str:
    """The schema as the JSON text ``fiche schema`` prints and ``docs/position.schema.json`` holds."""
    return json.dumps(position_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_reference(target: Path) -> str | None:
    """The path from ``target``'s folder to the checkout's schema file, if ``target`` lies in a checkout."""
    folder = target.resolve().parent
    for root in (folder, *folder.parents):
        candidate = root / SCHEMA_FILE
        if candidate.is_file():
            return Path(os.path.relpath(candidate, folder)).as_posix()
    return None
