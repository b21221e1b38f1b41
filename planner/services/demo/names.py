"""People and company names of the demo book, by country (hand-written; all invented).

Every customer company has a home country: its name follows that country's habits (a legal
suffix such as GmbH or S.A. de C.V., local place words, a founder's surname), and most of its
people carry names from there. Names are romanised so every font in the reports can show them.
Any resemblance to real companies or people is accidental.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    region: str
    """The book's region field: North America, EMEA, APAC or LATAM."""
    language: str
    """Which company-name patterns fit (``en``, ``de``, ``fr``, ``es``, ``pt``, ``it``,
    ``nl``, ``nordic``); other languages use the English patterns with local words."""
    phone: str
    """International dialling code, without the plus."""
    cities: tuple[str, ...]
    stems: tuple[str, ...]
    """Place and brand words companies there are named after."""
    suffixes: tuple[str, ...]
    first: tuple[str, ...]
    last: tuple[str, ...]
    weight: int = 1
    """How often the country is drawn within its region."""


def _split(text: str) -> tuple[str, ...]:
    """A list written as one string, items separated by ``|``."""
    return tuple(text.split("|"))


def _country(
    code: str,
    name: str,
    region: str,
    language: str,
    phone: str,
    weight: int,
    cities: str,
    stems: str,
    suffixes: str,
    first: str,
    last: str,
) -> Country:
    return Country(
        code,
        name,
        region,
        language,
        phone,
        _split(cities),
        _split(stems),
        _split(suffixes),
        _split(first),
        _split(last),
        weight,
    )


COUNTRIES: tuple[Country, ...] = (
    _country(
        "US",
        "United States",
        "North America",
        "en",
        "1",
        8,
        "Chicago|Denver|Atlanta|Portland|Austin|Columbus|Raleigh",
        (
            "Lakeshore|Red Cedar|Prairie|Blue Ridge|Cascade|Great Plains|Bayview|Ironbridge|"
            "Copper Hill|Sandstone|Hickory|Tidewater"
        ),
        "Inc.|LLC|Corp.",
        (
            "Emily|Marcus|Jasmine|Tyler|Rachel|Darnell|Megan|Carlos|Lauren|Brandon|Keisha|"
            "Ryan|Alyssa|Kevin|Hannah|Jamal"
        ),
        (
            "Johnson|Whitaker|Ramirez|Coleman|Brooks|Sullivan|Hayes|Washington|Parker|Reyes|"
            "Nguyen|Patterson|Holloway|Bennett"
        ),
    ),
    _country(
        "CA",
        "Canada",
        "North America",
        "en",
        "1",
        3,
        "Toronto|Calgary|Halifax|Winnipeg|Ottawa|Victoria",
        ("Maple Ridge|Northern Lights|Laurentian|Fraser|Muskoka|Rideau|Algonquin|Saint-Laurent"),
        "Inc.|Ltd.",
        ("Chloé|Liam|Mélanie|Connor|Isabelle|Nathan|Gabrielle|Owen|Simran|Étienne|Avery|Mathieu"),
        (
            "Tremblay|MacDonald|Gagnon|Roy|Campbell|Bouchard|Singh|Fraser|Côté|MacLeod|"
            "Pelletier|Wong"
        ),
    ),
    _country(
        "GB",
        "United Kingdom",
        "EMEA",
        "en",
        "44",
        5,
        "Manchester|Leeds|Bristol|Glasgow|Cardiff|Birmingham|Norwich",
        ("Thames|Pennine|Severn|Ashdown|Wessex|Kingsmead|Holloway|Brackenfield|Cotswold|Tyneside"),
        "Ltd|plc",
        (
            "Charlotte|Oliver|Amelia|Harry|Priya|George|Sophie|Callum|Imogen|Rhys|Aisha|Tom|"
            "Eleanor|Fraser"
        ),
        (
            "Hughes|Thompson|Clarke|Patel|Evans|Walker|Robertson|Shah|Davies|Morgan|Fletcher|"
            "Ahmed|Whitfield|Lloyd"
        ),
    ),
    _country(
        "IE",
        "Ireland",
        "EMEA",
        "en",
        "353",
        1,
        "Dublin|Cork|Galway|Limerick",
        "Liffey|Shannon|Slievemore|Connacht|Burren|Wicklow",
        "Ltd|DAC",
        "Aoife|Cian|Siobhán|Darragh|Niamh|Eoin|Róisín|Pádraig",
        "Murphy|O'Brien|Kelly|Byrne|Ó Súilleabháin|Doyle|Gallagher|Fitzgerald",
    ),
    _country(
        "DE",
        "Germany",
        "EMEA",
        "de",
        "49",
        5,
        "Hamburg|München|Köln|Leipzig|Stuttgart|Bremen|Dresden",
        ("Elbtal|Rheinland|Nordstern|Isar|Schwarzwald|Weserland|Harz|Spreewald|Bergische|Alster"),
        "GmbH|AG|GmbH & Co. KG",
        (
            "Katrin|Jens|Anja|Tobias|Leonie|Matthias|Sabine|Florian|Jana|Stefan|Mehmet|Lena|"
            "Uwe|Franziska"
        ),
        (
            "Müller|Schneider|Becker|Hoffmann|Wagner|Krüger|Schäfer|Yilmaz|Richter|Neumann|"
            "Zimmermann|Brandt|Vogel|Lorenz"
        ),
    ),
    _country(
        "AT",
        "Austria",
        "EMEA",
        "de",
        "43",
        1,
        "Wien|Graz|Linz|Salzburg",
        "Donau|Tauern|Alpenland|Wachau|Steirer",
        "GmbH|AG",
        "Lukas|Theresa|Florian|Magdalena|Dominik|Verena",
        "Gruber|Huber|Pichler|Steiner|Moser|Hofer",
    ),
    _country(
        "CH",
        "Switzerland",
        "EMEA",
        "de",
        "41",
        1,
        "Zürich|Basel|Bern|Lausanne",
        "Limmat|Jura|Gotthard|Helvetia|Aare",
        "AG|SA",
        "Reto|Nadine|Urs|Céline|Beat|Corinne",
        "Meier|Keller|Favre|Brunner|Gerber|Rochat",
    ),
    _country(
        "FR",
        "France",
        "EMEA",
        "fr",
        "33",
        4,
        "Lyon|Lille|Nantes|Bordeaux|Toulouse|Marseille|Rennes",
        "Val de Loire|Armor|Garonne|Lumière|Provence|Sologne|Rhône|Beauvallon|Mistral",
        "SA|SAS",
        ("Camille|Julien|Manon|Thomas|Léa|Nicolas|Inès|Mathieu|Clémence|Karim|Élodie|Antoine"),
        (
            "Martin|Bernard|Dubois|Lefèvre|Moreau|Girard|Benali|Fournier|Rousseau|Mercier|"
            "Faure|Chevalier"
        ),
    ),
    _country(
        "BE",
        "Belgium",
        "EMEA",
        "fr",
        "32",
        1,
        "Brussels|Antwerp|Ghent|Liège",
        "Escaut|Ardennes|Brabant|Meuse",
        "SA|NV",
        "Lotte|Arnaud|Eline|Maxime|Wout|Amélie",
        "Peeters|Janssens|Lambert|Dupont|Maes|Claes",
    ),
    _country(
        "NL",
        "Netherlands",
        "EMEA",
        "nl",
        "31",
        3,
        "Rotterdam|Utrecht|Eindhoven|Groningen|Amsterdam",
        "Maas|Zuiderzee|Veluwe|Polder|Hollandia|Waddenzee|IJssel",
        "B.V.|N.V.",
        "Sanne|Daan|Femke|Bram|Lieke|Joost|Anouk|Ruben|Noor|Sem",
        "de Vries|Jansen|van Dijk|Bakker|Visser|Smit|Mulder|de Boer|van den Berg|Kuiper",
    ),
    _country(
        "SE",
        "Sweden",
        "EMEA",
        "nordic",
        "46",
        2,
        "Göteborg|Malmö|Uppsala|Stockholm|Linköping",
        "Norrland|Vättern|Skåne|Dalarna|Mälar|Fjällbacka",
        "AB",
        "Linnea|Erik|Maja|Oskar|Elin|Johan|Sara|Anders|Ida|Gustav",
        ("Lindqvist|Andersson|Johansson|Berg|Nyström|Holm|Ekström|Sandberg|Lundgren|Axelsson"),
    ),
    _country(
        "NO",
        "Norway",
        "EMEA",
        "nordic",
        "47",
        1,
        "Bergen|Trondheim|Stavanger|Oslo",
        "Fjord|Nordkapp|Lofoten|Hardanger|Vestland",
        "AS|ASA",
        "Ingrid|Sindre|Kari|Håkon|Silje|Magnus",
        "Hansen|Solberg|Haugen|Bakke|Dahl|Strand",
    ),
    _country(
        "DK",
        "Denmark",
        "EMEA",
        "nordic",
        "45",
        1,
        "Aarhus|Odense|Aalborg|Copenhagen",
        "Jylland|Øresund|Limfjord|Fyn|Skagen",
        "A/S|ApS",
        "Mette|Søren|Freja|Mads|Line|Rasmus",
        "Nielsen|Jørgensen|Madsen|Kristensen|Rasmussen|Thomsen",
    ),
    _country(
        "FI",
        "Finland",
        "EMEA",
        "nordic",
        "358",
        1,
        "Tampere|Turku|Oulu|Helsinki",
        "Saimaa|Lappi|Aurora|Karelia|Pohjola",
        "Oy|Oyj",
        "Aino|Mikko|Elina|Juha|Sanna|Ville",
        "Virtanen|Korhonen|Mäkinen|Nieminen|Heikkinen|Laine",
    ),
    _country(
        "ES",
        "Spain",
        "EMEA",
        "es",
        "34",
        3,
        "Valencia|Bilbao|Sevilla|Zaragoza|Málaga|Barcelona|Madrid",
        "Cantábrico|Levante|Guadalquivir|Sierra Nevada|Ebro|Alborán|Montserrat|Duero",
        "S.A.|S.L.",
        "Lucía|Javier|Marta|Álvaro|Nerea|Pablo|Carmen|Iker|Raquel|Sergio|Ainhoa|Jordi",
        (
            "García|Fernández|López|Martínez|Sánchez|Ortega|Navarro|Iglesias|Castillo|Puig|"
            "Etxeberria|Romero"
        ),
    ),
    _country(
        "PT",
        "Portugal",
        "EMEA",
        "pt",
        "351",
        1,
        "Porto|Braga|Coimbra|Lisboa|Faro",
        "Atlântico|Douro|Minho|Tejo|Alentejo|Estrela",
        "S.A.|Lda.",
        "Inês|João|Beatriz|Tiago|Mariana|Rui|Catarina|Duarte",
        "Silva|Santos|Ferreira|Pereira|Costa|Rodrigues|Almeida|Carvalho",
    ),
    _country(
        "IT",
        "Italy",
        "EMEA",
        "it",
        "39",
        3,
        "Milano|Torino|Bologna|Verona|Bari|Firenze",
        "Adriatica|Dolomiti|Padana|Tirreno|Brenta|Vesuvio|Etrusca",
        "S.p.A.|S.r.l.",
        "Giulia|Marco|Chiara|Alessandro|Francesca|Luca|Elisa|Davide|Federica|Matteo",
        "Rossi|Bianchi|Esposito|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti",
    ),
    _country(
        "PL",
        "Poland",
        "EMEA",
        "en",
        "48",
        2,
        "Kraków|Wrocław|Gdańsk|Poznań|Łódź",
        "Wisła|Mazowsze|Bałtyk|Tatra|Karkonosze|Warta",
        "Sp. z o.o.|S.A.",
        "Agnieszka|Piotr|Katarzyna|Tomasz|Magdalena|Łukasz|Zofia|Michał",
        "Kowalski|Nowak|Wiśniewska|Zieliński|Lewandowska|Wójcik|Kamiński|Dąbrowska",
    ),
    _country(
        "TR",
        "Türkiye",
        "EMEA",
        "en",
        "90",
        1,
        "İstanbul|İzmir|Ankara|Bursa",
        "Boğaziçi|Ege|Anadolu|Marmara|Toros",
        "A.Ş.",
        "Elif|Emre|Zeynep|Burak|Ayşe|Mert|Selin|Kerem",
        "Yılmaz|Kaya|Demir|Şahin|Çelik|Aydın|Öztürk|Arslan",
    ),
    _country(
        "AE",
        "United Arab Emirates",
        "EMEA",
        "en",
        "971",
        1,
        "Dubai|Abu Dhabi|Sharjah",
        "Al Noor|Gulf Crescent|Falcon|Al Safa|Oasis",
        "LLC|FZ-LLC",
        "Fatima|Omar|Mariam|Khalid|Noura|Rashid|Layla|Yousef",
        "Al Mansoori|Haddad|Al Hashimi|Nasser|Khoury|Al Falasi|Saleh|Rahman",
    ),
    _country(
        "ZA",
        "South Africa",
        "EMEA",
        "en",
        "27",
        1,
        "Johannesburg|Cape Town|Durban|Pretoria",
        "Table Bay|Highveld|Karoo|Drakensberg|Limpopo",
        "(Pty) Ltd|Ltd",
        "Thandiwe|Pieter|Lerato|Sipho|Anika|Johan|Naledi|Kagiso",
        "Nkosi|van der Merwe|Dlamini|Botha|Mokoena|Naidoo|Pretorius|Khumalo",
    ),
    _country(
        "NG",
        "Nigeria",
        "EMEA",
        "en",
        "234",
        1,
        "Lagos|Abuja|Ibadan|Port Harcourt",
        "Niger Delta|Zuma Rock|Lekki|Eko|Sahel Gate",
        "Ltd|Plc",
        "Chiamaka|Tunde|Ngozi|Emeka|Folake|Ifeanyi|Adaeze|Segun",
        "Okafor|Adeyemi|Eze|Balogun|Okonkwo|Abubakar|Nwosu|Bello",
    ),
    _country(
        "KE",
        "Kenya",
        "EMEA",
        "en",
        "254",
        1,
        "Nairobi|Mombasa|Kisumu",
        "Rift Valley|Savannah|Kilima|Tana",
        "Ltd",
        "Wanjiru|Otieno|Achieng|Kamau|Njeri|Kiprop",
        "Mwangi|Odhiambo|Kariuki|Wambua|Chebet|Njoroge",
    ),
    _country(
        "IN",
        "India",
        "APAC",
        "en",
        "91",
        4,
        "Bengaluru|Pune|Chennai|Hyderabad|Mumbai|Ahmedabad",
        "Deccan|Godavari|Sahyadri|Kaveri|Indus|Himalaya|Narmada|Konkan",
        "Pvt Ltd|Ltd",
        ("Ananya|Rohan|Priyanka|Vikram|Sneha|Arjun|Kavya|Rahul|Meera|Siddharth|Divya|Aditya"),
        "Sharma|Iyer|Reddy|Menon|Gupta|Kulkarni|Chatterjee|Nair|Desai|Banerjee|Rao|Joshi",
    ),
    _country(
        "JP",
        "Japan",
        "APAC",
        "en",
        "81",
        3,
        "Osaka|Nagoya|Fukuoka|Yokohama|Sapporo|Tokyo",
        "Sakura|Hoshino|Kawasemi|Fujimi|Aozora|Minato|Tsubaki",
        "K.K.|Co., Ltd.",
        "Haruka|Kenji|Yui|Takeshi|Aoi|Daisuke|Misaki|Hiroshi|Naomi|Sota",
        "Sato|Suzuki|Takahashi|Tanaka|Watanabe|Yamamoto|Nakamura|Kobayashi|Inoue|Kimura",
    ),
    _country(
        "KR",
        "South Korea",
        "APAC",
        "en",
        "82",
        1,
        "Seoul|Busan|Incheon|Daejeon",
        "Hanbit|Mirae|Saerom|Hangang|Jeju",
        "Co., Ltd.",
        "Ji-woo|Min-jun|Seo-yeon|Hyun-woo|Eun-ji|Joon-ho",
        "Kim|Lee|Park|Choi|Jung|Kang",
    ),
    _country(
        "SG",
        "Singapore",
        "APAC",
        "en",
        "65",
        2,
        "Singapore",
        "Merlion|Straits|Temasek|Orchid|Marina",
        "Pte Ltd",
        "Wei Ling|Darren|Nurul|Jun Jie|Priya|Marcus|Hui Min|Farid",
        "Tan|Lim|Ng|Goh|Rahman|Chua|Pillai|Teo",
    ),
    _country(
        "AU",
        "Australia",
        "APAC",
        "en",
        "61",
        3,
        "Melbourne|Brisbane|Perth|Adelaide|Sydney",
        "Southern Cross|Coral Coast|Murray|Outback|Eucalypt|Kimberley|Blue Mountains",
        "Pty Ltd",
        "Chloe|Jack|Matilda|Lachlan|Ruby|Hamish|Zoe|Declan|Mia|Angus",
        "Mitchell|O'Connor|Nguyen|Harris|McKenzie|Papadopoulos|Kelly|Russo|Sinclair|Tran",
    ),
    _country(
        "NZ",
        "New Zealand",
        "APAC",
        "en",
        "64",
        1,
        "Auckland|Wellington|Christchurch",
        "Aoraki|Kauri|Waitaki|Tasman",
        "Ltd",
        "Aroha|Liam|Mereana|Finn|Georgia|Tāne",
        "Ngata|Wilson|Parata|Thompson|Walker|Te Rangi",
    ),
    _country(
        "VN",
        "Vietnam",
        "APAC",
        "en",
        "84",
        1,
        "Ho Chi Minh City|Hanoi|Da Nang",
        "Sông Hồng|Mekong|Hạ Long|Trường Sơn",
        "JSC|Co., Ltd.",
        "Linh|Minh|Thảo|Dũng|Hương|Quang",
        "Nguyễn|Trần|Lê|Phạm|Hoàng|Võ",
    ),
    _country(
        "ID",
        "Indonesia",
        "APAC",
        "en",
        "62",
        1,
        "Jakarta|Surabaya|Bandung|Medan",
        "Nusantara|Garuda|Merapi|Bahari|Cendana",
        "Tbk",
        "Putri|Agus|Dewi|Budi|Sari|Rizky",
        "Santoso|Wijaya|Hidayat|Kusuma|Siregar|Pratama",
    ),
    _country(
        "PH",
        "Philippines",
        "APAC",
        "en",
        "63",
        1,
        "Manila|Cebu|Davao",
        "Mabuhay|Luzon|Sampaguita|Visayas",
        "Inc.|Corp.",
        "Maria Clara|Jose|Angelica|Paolo|Kristine|Miguel",
        "Reyes|Santos|Dela Cruz|Bautista|Villanueva|Mendoza",
    ),
    _country(
        "MY",
        "Malaysia",
        "APAC",
        "en",
        "60",
        1,
        "Kuala Lumpur|Penang|Johor Bahru",
        "Titiwangsa|Kinabalu|Selangor|Melaka",
        "Sdn Bhd|Berhad",
        "Aisyah|Hafiz|Mei Ling|Kumar|Nadia|Wei Jie",
        "Abdullah|Lim|Ismail|Ramasamy|Chong|Hassan",
    ),
    _country(
        "MX",
        "Mexico",
        "LATAM",
        "es",
        "52",
        3,
        "Monterrey|Guadalajara|Puebla|Querétaro|Ciudad de México",
        "Sierra Madre|Bajío|Pacífico|Anáhuac|Cenote|Maya",
        "S.A. de C.V.|S. de R.L. de C.V.",
        "Valeria|Diego|Ximena|Alejandro|Fernanda|Luis|Daniela|Ricardo",
        "Hernández|González|Ramírez|Flores|Guzmán|Morales|Vázquez|Cruz",
    ),
    _country(
        "BR",
        "Brazil",
        "LATAM",
        "pt",
        "55",
        3,
        "São Paulo|Curitiba|Porto Alegre|Recife|Belo Horizonte",
        "Ipê|Serra Azul|Paraná|Cerrado|Atlântica|Tupã|Guanabara",
        "Ltda.|S.A.",
        "Ana Paula|Rafael|Juliana|Thiago|Camila|Gustavo|Larissa|Felipe|Renata|Bruno",
        "Souza|Oliveira|Lima|Carvalho|Ribeiro|Barbosa|Araújo|Cavalcanti|Moura|Teixeira",
    ),
    _country(
        "AR",
        "Argentina",
        "LATAM",
        "es",
        "54",
        1,
        "Córdoba|Rosario|Mendoza|Buenos Aires",
        "Pampa|Patagonia|Río de la Plata|Aconcagua",
        "S.A.|S.R.L.",
        "Sofía|Martín|Florencia|Matías|Agustina|Nicolás",
        "Fernández|Gómez|Pereyra|Álvarez|Benítez|Sosa",
    ),
    _country(
        "CL",
        "Chile",
        "LATAM",
        "es",
        "56",
        1,
        "Santiago|Valparaíso|Concepción",
        "Andes|Atacama|Biobío|Pacífico Sur",
        "SpA|S.A.",
        "Catalina|Sebastián|Javiera|Cristóbal|Constanza|Felipe",
        "Muñoz|Rojas|Díaz|Soto|Contreras|Silva",
    ),
    _country(
        "CO",
        "Colombia",
        "LATAM",
        "es",
        "57",
        1,
        "Bogotá|Medellín|Cali|Barranquilla",
        "Magdalena|Cafetero|Caribe|Orinoco",
        "S.A.S.|S.A.",
        "Laura|Andrés|Paula|Santiago|Natalia|Camilo",
        "Rodríguez|Gómez|Restrepo|Ospina|Cárdenas|Jaramillo",
    ),
)

REGION_WEIGHTS: dict[str, int] = {"North America": 38, "EMEA": 37, "APAC": 15, "LATAM": 10}

# Company-name patterns per language and industry. ``{stem}`` is a local place or brand
# word, ``{surname}`` a founder's name; a pattern ending in ``{suffix}`` takes the country's
# legal suffix (hospitals and universities have none). No pattern names a real city, so no
# demo company is mistaken for a real institution; cities only tell apart two companies that
# would otherwise share a name.
COMPANY_PATTERNS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "Healthcare": _split(
            "{stem} Health|{stem} Medical Center|{stem} General Hospital|"
            "{stem} Care Partners {suffix}|{stem} Clinics {suffix}"
        ),
        "Logistics": _split(
            "{stem} Logistics {suffix}|{stem} Freight {suffix}|"
            "{surname} Transport {suffix}|{stem} Distribution {suffix}"
        ),
        "Manufacturing": _split(
            "{stem} Industries {suffix}|{stem} Components {suffix}|"
            "{surname} Precision {suffix}|{stem} Fabrication {suffix}"
        ),
        "Retail": _split(
            "{stem} Outfitters {suffix}|{stem} Home & Garden {suffix}|"
            "{surname}'s Markets {suffix}|{stem} Grocers {suffix}"
        ),
        "Financial services": _split(
            "{stem} Bank {suffix}|{stem} Mutual Insurance|{stem} Credit Union|"
            "{surname} Capital {suffix}"
        ),
        "Software": _split(
            "{stem} Labs {suffix}|{stem} Software {suffix}|{stem} Cloud {suffix}|"
            "{surname} Systems {suffix}"
        ),
        "Education": _split(
            "{stem} University|{stem} College|{stem} Schools Trust|{stem} Institute of Technology"
        ),
        "Energy": _split(
            "{stem} Energy {suffix}|{stem} Power {suffix}|"
            "{stem} Renewables {suffix}|{stem} Water & Power"
        ),
        "Hospitality": _split(
            "{stem} Hotels {suffix}|{stem} Resorts {suffix}|"
            "{surname} Hospitality Group {suffix}|{stem} Inns {suffix}"
        ),
        "Professional services": _split(
            "{surname} & Partners {suffix}|{stem} Advisory {suffix}|"
            "{surname} Consulting {suffix}|{stem} Engineering {suffix}"
        ),
    },
    "de": {
        "Healthcare": _split(
            "Klinikum {stem}|{stem} Kliniken {suffix}|Klinikverbund {stem}|{stem} Medizin {suffix}"
        ),
        "Logistics": _split(
            "{stem} Logistik {suffix}|{surname} Spedition {suffix}|{stem} Transport {suffix}"
        ),
        "Manufacturing": _split(
            "{stem} Maschinenbau {suffix}|{surname} Präzisionstechnik {suffix}|"
            "{stem} Werke {suffix}"
        ),
        "Retail": _split(
            "{stem} Handel {suffix}|{surname} Warenhaus {suffix}|{stem} Märkte {suffix}"
        ),
        "Financial services": _split(
            "{stem} Bank {suffix}|{stem} Sparkasse|{stem} Versicherung {suffix}"
        ),
        "Software": _split(
            "{stem} Software {suffix}|{surname} Systemhaus {suffix}|{stem} Digital {suffix}"
        ),
        "Education": _split("Hochschule {stem}|{stem} Akademie|{stem} Fachhochschule"),
        "Energy": _split("{stem} Stadtwerke {suffix}|{stem} Energie {suffix}|{stem} Netz {suffix}"),
        "Hospitality": _split(
            "{stem} Hotels {suffix}|{surname} Gastgeber {suffix}|{stem} Resorts {suffix}"
        ),
        "Professional services": _split(
            "{surname} & Partner {suffix}|{stem} Beratung {suffix}|{surname} Ingenieure {suffix}"
        ),
    },
    "fr": {
        "Healthcare": _split(
            "Centre Hospitalier {stem}|Cliniques {stem}|Groupe Santé {stem} {suffix}"
        ),
        "Logistics": _split(
            "Transports {surname} {suffix}|{stem} Logistique {suffix}|Groupe {stem} Fret {suffix}"
        ),
        "Manufacturing": _split(
            "{stem} Industries {suffix}|Ateliers {surname} {suffix}|{stem} Mécanique {suffix}"
        ),
        "Retail": _split(
            "Maison {surname} {suffix}|{stem} Distribution {suffix}|Marchés {stem} {suffix}"
        ),
        "Financial services": _split(
            "Banque {stem} {suffix}|Mutuelle {stem}|{stem} Assurances {suffix}"
        ),
        "Software": _split(
            "{stem} Logiciels {suffix}|{stem} Numérique {suffix}|{surname} Informatique {suffix}"
        ),
        "Education": _split("Université {stem}|École {stem}|Institut {stem}"),
        "Energy": _split(
            "{stem} Énergie {suffix}|Eaux {stem} {suffix}|{stem} Renouvelables {suffix}"
        ),
        "Hospitality": _split(
            "Hôtels {stem} {suffix}|Groupe {surname} Hôtellerie {suffix}|{stem} Résidences {suffix}"
        ),
        "Professional services": _split(
            "Cabinet {surname} {suffix}|{surname} & Associés|{stem} Conseil {suffix}"
        ),
    },
    "es": {
        "Healthcare": _split(
            "Hospital Universitario {stem}|Clínicas {stem} {suffix}|Grupo Médico {stem} {suffix}"
        ),
        "Logistics": _split(
            "Transportes {surname} {suffix}|{stem} Logística {suffix}|Grupo {stem} Carga {suffix}"
        ),
        "Manufacturing": _split(
            "Industrias {stem} {suffix}|Metalúrgica {surname} {suffix}|{stem} Componentes {suffix}"
        ),
        "Retail": _split(
            "Almacenes {surname} {suffix}|Supermercados {stem} {suffix}|{stem} Hogar {suffix}"
        ),
        "Financial services": _split("Banco {stem} {suffix}|Seguros {stem} {suffix}|Caja {stem}"),
        "Software": _split(
            "{stem} Software {suffix}|{stem} Digital {suffix}|{surname} Sistemas {suffix}"
        ),
        "Education": _split("Universidad {stem}|Colegio {stem}|Instituto {stem}"),
        "Energy": _split(
            "Energía {stem} {suffix}|Aguas {stem} {suffix}|{stem} Renovables {suffix}"
        ),
        "Hospitality": _split(
            "Hoteles {stem} {suffix}|Grupo {surname} Hoteles {suffix}|{stem} Resorts {suffix}"
        ),
        "Professional services": _split(
            "{surname} Abogados {suffix}|{stem} Consultores {suffix}|{surname} Ingeniería {suffix}"
        ),
    },
    "pt": {
        "Healthcare": _split(
            "Hospital {stem}|Rede de Saúde {stem} {suffix}|Clínicas {surname} {suffix}"
        ),
        "Logistics": _split(
            "Transportes {surname} {suffix}|{stem} Logística {suffix}|{stem} Cargas {suffix}"
        ),
        "Manufacturing": _split(
            "Indústrias {stem} {suffix}|Metalúrgica {surname} {suffix}|{stem} Componentes {suffix}"
        ),
        "Retail": _split(
            "Lojas {stem} {suffix}|Supermercados {surname} {suffix}|{stem} Casa {suffix}"
        ),
        "Financial services": _split(
            "Banco {stem} {suffix}|{stem} Seguros {suffix}|Cooperativa de Crédito {stem}"
        ),
        "Software": _split(
            "{stem} Software {suffix}|{stem} Digital {suffix}|{surname} Sistemas {suffix}"
        ),
        "Education": _split("Universidade {stem}|Colégio {stem}|Instituto {stem}"),
        "Energy": _split(
            "{stem} Energia {suffix}|Águas {stem} {suffix}|{stem} Renováveis {suffix}"
        ),
        "Hospitality": _split(
            "Hotéis {stem} {suffix}|Grupo {surname} Hotelaria {suffix}|{stem} Resorts {suffix}"
        ),
        "Professional services": _split(
            "{surname} Advogados {suffix}|{stem} Consultoria {suffix}|{surname} Engenharia {suffix}"
        ),
    },
    "it": {
        "Healthcare": _split(
            "Ospedale {stem}|Gruppo Sanitario {stem} {suffix}|Cliniche {surname} {suffix}"
        ),
        "Logistics": _split(
            "Trasporti {surname} {suffix}|{stem} Logistica {suffix}|{stem} Spedizioni {suffix}"
        ),
        "Manufacturing": _split(
            "Officine {surname} {suffix}|{stem} Meccanica {suffix}|Industrie {stem} {suffix}"
        ),
        "Retail": _split(
            "Magazzini {stem} {suffix}|{surname} Alimentari {suffix}|{stem} Casa {suffix}"
        ),
        "Financial services": _split(
            "Banca {stem} {suffix}|{stem} Assicurazioni {suffix}|Cassa Rurale {stem}"
        ),
        "Software": _split(
            "{stem} Software {suffix}|{stem} Digitale {suffix}|{surname} Informatica {suffix}"
        ),
        "Education": _split("Università {stem}|Politecnico {stem}|Istituto {stem}"),
        "Energy": _split(
            "{stem} Energia {suffix}|Acque {stem} {suffix}|{stem} Rinnovabili {suffix}"
        ),
        "Hospitality": _split(
            "Alberghi {stem} {suffix}|Gruppo {surname} Ospitalità {suffix}|{stem} Resort {suffix}"
        ),
        "Professional services": _split(
            "Studio {surname} {suffix}|{stem} Consulenza {suffix}|{surname} Ingegneria {suffix}"
        ),
    },
    "nl": {
        "Healthcare": _split("Ziekenhuis {stem}|{stem} Zorggroep|{stem} Klinieken {suffix}"),
        "Logistics": _split(
            "{surname} Transport {suffix}|{stem} Logistiek {suffix}|{stem} Expeditie {suffix}"
        ),
        "Manufacturing": _split(
            "{stem} Machinefabriek {suffix}|{surname} Techniek {suffix}|{stem} Industrie {suffix}"
        ),
        "Retail": _split(
            "{stem} Winkels {suffix}|{surname} Supermarkten {suffix}|{stem} Wonen {suffix}"
        ),
        "Financial services": _split(
            "{stem} Bank {suffix}|{stem} Verzekeringen {suffix}|{surname} Vermogensbeheer {suffix}"
        ),
        "Software": _split(
            "{stem} Software {suffix}|{stem} Digitaal {suffix}|{surname} Systemen {suffix}"
        ),
        "Education": _split("Hogeschool {stem}|{stem} College|{stem} Universiteit"),
        "Energy": _split("{stem} Energie {suffix}|Waterbedrijf {stem}|{stem} Netbeheer {suffix}"),
        "Hospitality": _split(
            "{stem} Hotels {suffix}|{surname} Horeca Groep {suffix}|{stem} Vakantieparken {suffix}"
        ),
        "Professional services": _split(
            "{surname} Advocaten {suffix}|{stem} Advies {suffix}|{surname} Ingenieurs {suffix}"
        ),
    },
    "nordic": {
        "Healthcare": _split("{stem} Vård {suffix}|{stem} Sjukhus|{stem} Klinikker {suffix}"),
        "Logistics": _split(
            "{stem} Logistik {suffix}|{surname} Transport {suffix}|{stem} Frakt {suffix}"
        ),
        "Manufacturing": _split(
            "{stem} Mekaniska {suffix}|{surname} Industri {suffix}|{stem} Verkstäder {suffix}"
        ),
        "Retail": _split("{stem} Handel {suffix}|{surname} Livs {suffix}|{stem} Hem {suffix}"),
        "Financial services": _split(
            "{stem} Sparbank {suffix}|{stem} Försäkring {suffix}|{surname} Kapital {suffix}"
        ),
        "Software": _split(
            "{stem} Software {suffix}|{stem} Digital {suffix}|{surname} System {suffix}"
        ),
        "Education": _split("{stem} University|{stem} Högskola|{stem} Academy"),
        "Energy": _split("{stem} Energi {suffix}|{stem} Kraft {suffix}|{stem} Vatten {suffix}"),
        "Hospitality": _split(
            "{stem} Hotell {suffix}|{surname} Hotellgrupp {suffix}|{stem} Resorts {suffix}"
        ),
        "Professional services": _split(
            "{surname} Advokatbyrå {suffix}|{stem} Rådgivning {suffix}|{surname} Konsult {suffix}"
        ),
    },
}

# The vendor's own people (the demo's CSMs and the colleagues they bring in).
CSM_TEAM = _split(
    "Priya Natarajan|Marcus Webb|Sofia Lindqvist|Daniel Okafor|Hannah Kim|Mateo Ruiz|Claire Dubois"
)
ACCOUNT_EXECUTIVES = _split("Elena Marsh|Kofi Mensah|Yuki Tanabe|Lars Berg")
SOLUTION_ENGINEERS = _split("Tom Becker|Ana Lucía Prieto|Raj Malhotra")
SUPPORT_LEADS = _split("Grace Liu|Bastian Krause")
CS_LEADER = "Omar Haddad"
PRODUCT_MANAGERS = _split("Rachel Stone|Nikolai Petrov")
VENDOR_DOMAIN = "beacon.example"
