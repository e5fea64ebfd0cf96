"""The official headings of a BNC fiche, word for word, as the issues list them."""

import re

COMMUNICATION_HEADINGS = [
    "1. Algemene gegevens",
    "a) Titel voorstel",
    "b) Datum ontvangst Commissiedocument",
    "c) Nr. Commissiedocument",
    "d) EUR-Lex",
    "e) Nr. impact assessment Commissie en Opinie Raad voor Regelgevingstoetsing",
    "f) Behandelingstraject Raad",
    "g) Eerstverantwoordelijk ministerie",
    "2. Essentie voorstel",
    "3. Nederlandse positie ten aanzien van de mededeling/aanbeveling",
    "a) Essentie Nederlands beleid op dit terrein",
    "b) Beoordeling + inzet ten aanzien van dit voorstel",
    "c) Eerste inschatting van krachtenveld",
    "4. Grondhouding ten aanzien van bevoegdheid, subsidiariteit, proportionaliteit, financiële gevolgen en "
    "gevolgen voor regeldruk, concurrentiekracht en geopolitieke aspecten",
    "a) Bevoegdheid",
    "b) Subsidiariteit",
    "c) Proportionaliteit",
    "d) Financiële gevolgen",
    "e) Gevolgen voor regeldruk, concurrentiekracht en geopolitieke aspecten",
]

# section 1 a)–g) is the same in both kinds
LEGISLATIVE_HEADINGS = [
    *COMMUNICATION_HEADINGS[:8],
    "h) Rechtsbasis",
    "i) Besluitvormingsprocedure Raad",
    "j) Rol Europees Parlement",
    "2. Essentie voorstel",
    "a) Inhoud voorstel",
    "b) Impact assessment Commissie",
    "3. Nederlandse positie ten aanzien van het voorstel",
    "a) Essentie Nederlands beleid op dit terrein",
    "b) Beoordeling + inzet ten aanzien van dit voorstel",
    "c) Eerste inschatting van krachtenveld",
    "4. Beoordeling bevoegdheid, subsidiariteit en proportionaliteit",
    "a) Bevoegdheid",
    "b) Subsidiariteit",
    "c) Proportionaliteit",
    "5. Financiële implicaties, gevolgen voor regeldruk, concurrentiekracht en geopolitieke aspecten",
    "a) Consequenties EU-begroting",
    "b) Financiële consequenties (incl. personele) voor rijksoverheid en/ of decentrale overheden",
    "c) Financiële consequenties en gevolgen voor regeldruk voor bedrijfsleven en burger",
    "d) Gevolgen voor concurrentiekracht en geopolitieke aspecten",
    "6. Implicaties juridisch",
    "a) Consequenties voor nationale en decentrale regelgeving en/of sanctionering beleid",
    "b) Gedelegeerde en/of uitvoeringshandelingen, incl. NL-beoordeling daarvan",
    "c) Voorgestelde implementatietermijn (bij richtlijnen), dan wel voorgestelde datum inwerkingtreding (bij "
    "verordeningen en besluiten) met commentaar t.a.v. haalbaarheid",
    "d) Wenselijkheid evaluatie-/horizonbepaling",
    "e) Constitutionele toets",
    "7. Implicaties voor uitvoering en/of handhaving",
    "8. Implicaties voor ontwikkelingslanden",
]


def as_written(heading: str) -> str:
    """A heading as a built document holds it: a tab, not a space, after its number or letter
    (the heading styles' tab stop puts the text 18 pt from the margin)."""
    return re.sub(r"^(\d{1,2}\.|[a-z]\)) ", "\\1\t", heading)
