"""Generate a synthetic multi-month corpus of wire-style news articles for `faultlines ingest`.

    .venv/bin/python benchmarks/make_corpus.py --out DIR [--articles 2000] [--seed 7]
                                               [--start 2024-01-01] [--months 6]

Every sentence is assembled here from templates with slots that were written for
faultlines; no real article is copied. Country, capital, organisation and armed-group
names are real; ministers and other named people are invented ("Foreign Minister Ana
Loria"). The output is meant for tests and benchmarks of ingestion, deduplication,
extraction and escalation detection, not as a record of what happened.

DIR receives:

  corpus.jsonl   one article per line: {"id", "text", "date", "source", "title"}; at least
                 --articles original articles plus about 4% near-duplicate republications
                 (another outlet, dateline agency changed, a sentence added or a word
                 changed; same or next day).
  bad/           inputs the ingester must report and survive (binary, empty, Latin-1,
                 HTML without a body, broken JSONL lines, CSV without a text column, an
                 oversized file, a bad date).
  manifest.json  counts, seed, date range, dyads, the near-duplicate pairs, the bad inputs
                 with the reason each should fail, and the injected escalations: six dyads
                 whose conflict events (ASSAULT, THREATEN, MOBILIZE, SANCTION) are made 4-6x
                 more frequent for a 2-3 week window, plus six stable, cooperative-only
                 dyads with no injection. For each, the counts of conflict events the
                 generator actually wrote are recorded as ground truth.

Articles: a dateline ("KYIV, March 4 (Reuters) - "), 4-10 event sentences covering the 16
PLOVER event types with varied certainty ("said", "according to", "could", "will",
"denied", "could not be independently verified"...) and 1-3 background sentences.
Output is a pure function of the arguments: the same seed gives the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

# --------------------------------------------------------------------------- actors

OUTLETS = ["Reuters", "AP", "AFP", "Bloomberg", "Al Jazeera", "BBC", "Financial Times", "Xinhua",
           "TASS", "Kyodo", "Yonhap", "Anadolu"]
OUTLET_OBJECT = {"Financial Times": "the Financial Times", "BBC": "the BBC"}

# code, name, short (headlines), adjective, capital, head of government, other places
COUNTRIES = [
    ("RUS", "Russia", "Russia", "Russian", "Moscow", "president", ["Belgorod", "Kursk", "Bryansk", "Rostov"]),
    ("UKR", "Ukraine", "Ukraine", "Ukrainian", "Kyiv", "president", ["Kharkiv", "Odesa", "Zaporizhzhia", "Dnipro", "Sumy"]),
    ("USA", "the United States", "U.S.", "U.S.", "Washington", "president", ["Washington", "New York"]),
    ("CHN", "China", "China", "Chinese", "Beijing", "president", ["Shanghai", "Fujian province", "Guangzhou"]),
    ("TWN", "Taiwan", "Taiwan", "Taiwanese", "Taipei", "president", ["Kinmen", "Kaohsiung", "Taichung"]),
    ("IND", "India", "India", "Indian", "New Delhi", "prime minister", ["Poonch", "Rajouri", "Jammu", "Amritsar", "Kupwara"]),
    ("PAK", "Pakistan", "Pakistan", "Pakistani", "Islamabad", "prime minister", ["Muzaffarabad", "Kotli", "Sialkot", "Bahawalpur", "the Neelum Valley"]),
    ("ISR", "Israel", "Israel", "Israeli", "Jerusalem", "prime minister", ["Sderot", "Haifa", "Tel Aviv", "Metula", "Kiryat Shmona"]),
    ("IRN", "Iran", "Iran", "Iranian", "Tehran", "president", ["Isfahan", "Bandar Abbas", "Tabriz"]),
    ("SDN", "Sudan", "Sudan", "Sudanese", "Port Sudan", "army chief", ["El Fasher", "Omdurman", "El Obeid", "Kadugli"]),
    ("COD", "the Democratic Republic of Congo", "Congo", "Congolese", "Kinshasa", "president", ["Uvira", "Walikale", "Sake", "Butembo"]),
    ("ARM", "Armenia", "Armenia", "Armenian", "Yerevan", "prime minister", ["Syunik province", "Tavush province", "Jermuk"]),
    ("AZE", "Azerbaijan", "Azerbaijan", "Azerbaijani", "Baku", "president", ["Nakhchivan", "Ganja", "Gazakh district"]),
    ("SRB", "Serbia", "Serbia", "Serbian", "Belgrade", "president", ["Raska", "Novi Pazar", "Jarinje"]),
    ("XKX", "Kosovo", "Kosovo", "Kosovo", "Pristina", "prime minister", ["north Mitrovica", "Zvecan", "Leposavic", "Banjska"]),
    ("PRK", "North Korea", "North Korea", "North Korean", "Pyongyang", "leader", ["Kaesong", "Wonsan", "the Demilitarised Zone"]),
    ("KOR", "South Korea", "South Korea", "South Korean", "Seoul", "president", ["Yeonpyeong island", "Paju", "Baengnyeong island", "Cheorwon"]),
    ("SOM", "Somalia", "Somalia", "Somali", "Mogadishu", "president", ["Mogadishu", "Baidoa", "Beledweyne", "Kismayo"]),
    ("PHL", "the Philippines", "Philippines", "Philippine", "Manila", "president", ["Second Thomas Shoal", "Scarborough Shoal", "Palawan"]),
    ("JPN", "Japan", "Japan", "Japanese", "Tokyo", "prime minister", ["Okinawa", "Yonaguni", "Tokyo"]),
    ("GBR", "Britain", "Britain", "British", "London", "prime minister", ["London", "Portsmouth"]),
    ("FRA", "France", "France", "French", "Paris", "president", ["Paris", "Marseille", "Toulon"]),
    ("DEU", "Germany", "Germany", "German", "Berlin", "chancellor", ["Berlin", "Munich", "Hamburg"]),
    ("TUR", "Turkey", "Turkey", "Turkish", "Ankara", "president", ["Gaziantep", "Hatay", "Sanliurfa"]),
    ("SYR", "Syria", "Syria", "Syrian", "Damascus", "president", ["Aleppo", "Manbij", "Qamishli", "Idlib"]),
    ("SAU", "Saudi Arabia", "Saudi Arabia", "Saudi", "Riyadh", "crown prince", ["Jazan", "Najran", "Jeddah"]),
    ("YEM", "Yemen", "Yemen", "Yemeni", "Aden", "president", ["Aden", "Marib", "Taiz"]),
    ("LBN", "Lebanon", "Lebanon", "Lebanese", "Beirut", "prime minister", ["Beirut", "Tyre", "Sidon"]),
    ("EGY", "Egypt", "Egypt", "Egyptian", "Cairo", "president", ["Cairo", "Alexandria", "Aswan"]),
    ("ETH", "Ethiopia", "Ethiopia", "Ethiopian", "Addis Ababa", "prime minister", ["Mekelle", "Bahir Dar", "Gondar"]),
    ("ERI", "Eritrea", "Eritrea", "Eritrean", "Asmara", "president", ["Assab", "Massawa", "Tesseney"]),
    ("RWA", "Rwanda", "Rwanda", "Rwandan", "Kigali", "president", ["Gisenyi", "Rubavu", "Musanze"]),
    ("AFG", "Afghanistan", "Afghanistan", "Afghan", "Kabul", "supreme leader", ["Khost", "Paktika province", "Kandahar"]),
    ("VEN", "Venezuela", "Venezuela", "Venezuelan", "Caracas", "president", ["Bolivar state", "Puerto Ordaz", "Anacoco island"]),
    ("GUY", "Guyana", "Guyana", "Guyanese", "Georgetown", "president", ["the Essequibo region", "the Cuyuni river", "Lethem"]),
    ("THA", "Thailand", "Thailand", "Thai", "Bangkok", "prime minister", ["Surin province", "Si Sa Ket province", "Ubon Ratchathani province"]),
    ("KHM", "Cambodia", "Cambodia", "Cambodian", "Phnom Penh", "prime minister", ["Oddar Meanchey province", "Preah Vihear", "Banteay Meanchey province"]),
    ("POL", "Poland", "Poland", "Polish", "Warsaw", "prime minister", ["Bialystok", "Kuznica", "Hajnowka"]),
    ("BLR", "Belarus", "Belarus", "Belarusian", "Minsk", "president", ["Grodno", "Brest", "Bruzgi"]),
    ("NOR", "Norway", "Norway", "Norwegian", "Oslo", "prime minister", ["Oslo", "Bergen", "Tromso"]),
    ("SWE", "Sweden", "Sweden", "Swedish", "Stockholm", "prime minister", ["Stockholm", "Gothenburg", "Malmo"]),
    ("AUS", "Australia", "Australia", "Australian", "Canberra", "prime minister", ["Sydney", "Darwin", "Perth"]),
    ("NZL", "New Zealand", "New Zealand", "New Zealand", "Wellington", "prime minister", ["Auckland", "Wellington"]),
    ("ARG", "Argentina", "Argentina", "Argentine", "Buenos Aires", "president", ["Buenos Aires", "Rosario", "Cordoba"]),
    ("BRA", "Brazil", "Brazil", "Brazilian", "Brasilia", "president", ["Sao Paulo", "Rio de Janeiro", "Brasilia"]),
    ("KEN", "Kenya", "Kenya", "Kenyan", "Nairobi", "president", ["Mombasa", "Nairobi", "Kisumu"]),
    ("TZA", "Tanzania", "Tanzania", "Tanzanian", "Dodoma", "president", ["Dar es Salaam", "Arusha", "Dodoma"]),
    ("IDN", "Indonesia", "Indonesia", "Indonesian", "Jakarta", "president", ["Jakarta", "Surabaya", "Batam"]),
    ("MYS", "Malaysia", "Malaysia", "Malaysian", "Kuala Lumpur", "prime minister", ["Kuala Lumpur", "Johor", "Penang"]),
    ("QAT", "Qatar", "Qatar", "Qatari", "Doha", "emir", ["Doha"]),
    ("CHE", "Switzerland", "Switzerland", "Swiss", "Bern", "president", ["Geneva", "Bern"]),
]

# Per-country wording that differs from the default ("Russia's foreign ministry").
OVERRIDES = {
    "USA": {"fmin": "the State Department", "fm_title": "Secretary of State", "dmin": "the Pentagon",
            "gov": [("the White House", False), ("the Biden administration", False)]},
    "GBR": {"fm_title": "Foreign Secretary"},
    "RUS": {"gov": [("the Kremlin", False)], "dmin": "the Russian defence ministry"},
    "UKR": {"mil": [("Ukraine's air force", False), ("Ukraine's General Staff", False)]},
    "ISR": {"mil": [("the Israeli military", False), ("Israeli warplanes", True)]},
    "CHN": {"mil": [("the People's Liberation Army", False), ("the Chinese coast guard", False)]},
    "SDN": {"mil": [("the Sudanese army", False), ("Sudan's armed forces", True)],
            "gov": [("Sudan's army-led government", False)]},
    "COD": {"mil": [("the Congolese army", False), ("FARDC troops", True)]},
}

# code, name, short, adjective, base town, places, government-like forms, fighters, speakers
GROUPS = [
    ("HAMAS", "Hamas", "Hamas", "Hamas", "Gaza City", ["Gaza City", "Khan Younis", "Rafah", "Jabalia", "Deir al-Balah"],
     [("Hamas", False), ("the Palestinian militant group Hamas", False)],
     [("Hamas fighters", True), ("Hamas's armed wing", False), ("Hamas gunmen", True)],
     ["a Hamas spokesman", "Hamas officials", "a senior Hamas official"], ["GAZA", "CAIRO", "DOHA"]),
    ("HEZBOLLAH", "Hezbollah", "Hezbollah", "Hezbollah", "Beirut", ["southern Lebanon", "Beirut's southern suburbs", "Nabatieh", "the Bekaa Valley"],
     [("Hezbollah", False), ("the Iran-backed Hezbollah", False), ("Lebanon's Hezbollah", False)],
     [("Hezbollah fighters", True), ("Hezbollah", False)],
     ["a Hezbollah official", "Hezbollah's media office", "a Hezbollah lawmaker"], ["BEIRUT"]),
    ("HOUTHIS", "the Houthis", "Houthis", "Houthi", "Sanaa", ["Sanaa", "Hodeidah", "Saada", "the port of Ras Isa"],
     [("the Houthis", True), ("Yemen's Houthis", True), ("the Iran-aligned Houthi movement", False)],
     [("Houthi forces", True), ("the Houthis", True)],
     ["a Houthi military spokesman", "Houthi officials", "the Houthi-run Saba news agency"], ["DUBAI", "ADEN", "CAIRO"]),
    ("AL_SHABAAB", "al Shabaab", "al Shabaab", "al Shabaab", "Jilib", ["Jilib", "the Middle Shabelle region", "Jamame", "Bardhere"],
     [("al Shabaab", False), ("the Islamist group al Shabaab", False)],
     [("al Shabaab militants", True), ("al Shabaab fighters", True)],
     ["an al Shabaab spokesman", "al Shabaab's military operations spokesman"], ["MOGADISHU", "NAIROBI"]),
    ("RSF", "the RSF", "RSF", "RSF", "Nyala", ["Nyala", "Khartoum North", "West Kordofan", "El Geneina"],
     [("the RSF", False), ("the paramilitary Rapid Support Forces", False)],
     [("RSF fighters", True), ("the RSF", False)],
     ["an RSF spokesman", "the RSF's media office", "RSF commanders"], ["PORT SUDAN", "CAIRO", "KHARTOUM"]),
    ("M23", "M23", "M23", "M23", "Goma", ["Goma", "Bukavu", "Masisi", "Rutshuru"],
     [("M23", False), ("the M23 rebel group", False), ("the Rwanda-backed M23", False)],
     [("M23 rebels", True), ("M23 fighters", True)],
     ["an M23 spokesman", "M23 leaders"], ["GOMA", "KINSHASA"]),
]

# code, forms (subject/target), envoys (who meets and visits), speakers
IGOS = [
    ("NATO", [("NATO", False), ("the NATO alliance", False), ("NATO's secretary general", False)],
     [("NATO's secretary general", False), ("a NATO delegation", False)],
     ["a NATO official", "NATO's secretary general"]),
    ("UN", [("the United Nations", False), ("the U.N. Security Council", False), ("the U.N. secretary-general", False)],
     [("the U.N. secretary-general", False), ("a U.N. envoy", False), ("the U.N. humanitarian chief", False)],
     ["a U.N. spokesperson", "U.N. officials"]),
    ("EU", [("the European Union", False), ("EU foreign ministers", True), ("the EU's foreign policy chief", False)],
     [("the EU's foreign policy chief", False), ("an EU envoy", False)],
     ["an EU spokesperson", "EU officials"]),
    ("AU", [("the African Union", False), ("the African Union Commission", False)],
     [("the African Union Commission chairperson", False), ("an African Union envoy", False)],
     ["an African Union spokesperson", "African Union officials"]),
    ("ASEAN", [("ASEAN", False), ("ASEAN foreign ministers", True), ("the Association of Southeast Asian Nations", False)],
     [("ASEAN's secretary-general", False), ("ASEAN foreign ministers", True)],
     ["an ASEAN official", "ASEAN diplomats"]),
]
IGO_NAMES = {"NATO": "NATO", "UN": "the United Nations", "EU": "the European Union", "AU": "the African Union",
             "ASEAN": "ASEAN"}

FIRST_NAMES = ["Ana", "Tomas", "Mira", "Oren", "Lena", "Dario", "Selin", "Ilya", "Noor", "Kofi", "Rhea", "Pavel",
               "Ines", "Jarek", "Amara", "Teo", "Yuna", "Bruno", "Sana", "Aurel", "Kenji", "Leila", "Matteo", "Zara"]
LAST_NAMES = ["Loria", "Verel", "Castan", "Moravec", "Idrissa", "Halvorn", "Tesk", "Varga-Lind", "Okomu", "Renfield",
              "Sarkany", "Delmore", "Quintero", "Ashdown-Pike", "Belmonte", "Karsavin", "Nuhic", "Ostrand", "Palacek",
              "Ravenna", "Tamsin", "Ugolin", "Wexmar", "Zelenko"]

# Weapons each actor is written as using (ASSAULT) or giving (AID).
ARMS = {
    "RUS": ["Shahed drones", "ballistic missiles", "cruise missiles", "glide bombs", "artillery shells"],
    "UKR": ["long-range drones", "artillery shells", "ATACMS missiles", "attack drones"],
    "ISR": ["guided bombs", "artillery shells", "missiles"],
    "HAMAS": ["rockets", "mortar rounds", "anti-tank missiles"],
    "HEZBOLLAH": ["rockets", "anti-tank missiles", "explosive-laden drones"],
    "HOUTHIS": ["anti-ship missiles", "ballistic missiles", "explosive-laden drones"],
    "USA": ["Tomahawk cruise missiles", "precision-guided bombs"],
    "IRN": ["ballistic missiles", "Shahed drones", "cruise missiles"],
    "PRK": ["artillery shells", "short-range ballistic missiles", "rocket launchers"],
    "RSF": ["artillery shells", "armed drones", "rockets"],
    "SDN": ["armed drones", "artillery shells", "barrel bombs"],
    "M23": ["mortar rounds", "artillery shells", "rockets"],
    "AL_SHABAAB": ["mortar rounds", "car bombs", "rocket-propelled grenades"],
}
DEFAULT_ARMS = ["artillery shells", "drones", "rockets", "mortar rounds"]

# ------------------------------------------------------------------------- dyads

# a, b, profile, weight, issue, third parties, meeting venues, nearby sea (None: landlocked)
DYADS = [
    ("RUS", "UKR", "war", 3.0, "the war in Ukraine", ["UN", "NATO", "EU", "TUR", "QAT"], ["Istanbul", "Riyadh", "Geneva"], "the Black Sea"),
    ("ISR", "HAMAS", "insurgency", 3.0, "the war in Gaza", ["UN", "QAT", "EGY", "USA", "EU"], ["Doha", "Cairo"], "the eastern Mediterranean"),
    ("ISR", "HEZBOLLAH", "insurgency", 1.6, "fighting along the Israel-Lebanon frontier", ["UN", "FRA", "USA"], ["Beirut", "Paris"], "the eastern Mediterranean"),
    ("IRN", "RUS", "alliance", 1.2, "military cooperation", ["UN", "EU", "USA"], ["Tehran", "Moscow"], "the Caspian Sea"),
    ("CHN", "TWN", "rivalry", 1.8, "Taiwan's status", ["USA", "JPN", "UN"], ["Xiamen", "Singapore"], "the Taiwan Strait"),
    ("IND", "PAK", "rivalry", 1.6, "Kashmir", ["UN", "USA", "SAU"], ["Abu Dhabi", "Riyadh"], "the Arabian Sea"),
    ("USA", "CHN", "rivalry", 1.8, "trade, technology and Taiwan", ["EU", "JPN", "UN"], ["Geneva", "San Francisco", "Beijing"], "the South China Sea"),
    ("SDN", "RSF", "insurgency", 1.6, "the war in Sudan", ["UN", "AU", "EGY", "SAU"], ["Jeddah", "Geneva", "Addis Ababa"], "the Red Sea"),
    ("COD", "M23", "insurgency", 1.4, "the conflict in eastern Congo", ["UN", "AU", "QAT", "USA"], ["Doha", "Luanda", "Nairobi"], None),
    ("ARM", "AZE", "rivalry", 1.0, "the border and the Karabakh region", ["EU", "UN", "TUR"], ["Brussels", "Washington", "Almaty"], None),
    ("SRB", "XKX", "rivalry", 1.0, "Kosovo's independence", ["EU", "NATO", "UN"], ["Brussels", "Ohrid"], None),
    ("USA", "HOUTHIS", "insurgency", 1.2, "attacks on Red Sea shipping", ["UN", "SAU", "GBR"], ["Muscat", "Riyadh"], "the Red Sea"),
    ("ISR", "IRN", "rivalry", 1.4, "Iran's nuclear programme", ["UN", "USA", "EU"], ["Vienna", "Muscat"], "the Gulf of Oman"),
    ("PRK", "KOR", "rivalry", 1.2, "North Korea's weapons programmes", ["UN", "USA", "JPN"], ["Panmunjom", "Seoul"], "the Yellow Sea"),
    ("SOM", "AL_SHABAAB", "insurgency", 1.0, "the Islamist insurgency", ["AU", "UN", "USA"], ["Mogadishu", "Nairobi"], "the Indian Ocean"),
    ("CHN", "PHL", "rivalry", 1.2, "the South China Sea", ["ASEAN", "USA", "JPN"], ["Manila", "Beijing", "Jakarta"], "the South China Sea"),
    ("PRK", "RUS", "alliance", 1.0, "arms transfers", ["UN", "KOR", "USA"], ["Pyongyang", "Moscow", "Vladivostok"], "the Sea of Japan"),
    ("USA", "UKR", "alliance", 1.4, "military assistance", ["NATO", "EU", "GBR"], ["Washington", "Kyiv", "Ramstein"], "the Black Sea"),
    ("COD", "RWA", "rivalry", 1.0, "the M23 rebellion", ["AU", "UN", "QAT", "USA"], ["Doha", "Washington", "Luanda"], None),
    ("AFG", "PAK", "rivalry", 0.9, "militant attacks along their border", ["UN", "QAT", "CHN"], ["Doha", "Istanbul"], None),
    ("VEN", "GUY", "rivalry", 0.7, "the Essequibo region", ["UN", "BRA", "USA"], ["Brasilia", "The Hague"], "the Atlantic"),
    ("TUR", "SYR", "rivalry", 0.8, "Kurdish militias in northern Syria", ["UN", "RUS", "USA"], ["Astana", "Moscow", "Ankara"], "the eastern Mediterranean"),
    ("THA", "KHM", "rivalry", 0.8, "their disputed border", ["ASEAN", "MYS", "CHN"], ["Kuala Lumpur", "Bangkok"], "the Gulf of Thailand"),
    ("POL", "BLR", "rivalry", 0.8, "migrant crossings on their border", ["EU", "NATO"], ["Warsaw", "Brussels"], None),
    # stable, cooperative-only dyads (no injection)
    ("FRA", "DEU", "stable", 0.7, "European defence and budget rules", ["EU"], ["Paris", "Berlin", "Brussels"], "the Baltic Sea"),
    ("NOR", "SWE", "stable", 0.5, "energy and Arctic security", ["EU", "NATO"], ["Oslo", "Stockholm"], "the North Sea"),
    ("AUS", "NZL", "stable", 0.5, "Pacific security", ["ASEAN"], ["Canberra", "Wellington"], "the Tasman Sea"),
    ("ARG", "BRA", "stable", 0.5, "Mercosur trade", ["UN"], ["Buenos Aires", "Brasilia"], "the South Atlantic"),
    ("KEN", "TZA", "stable", 0.5, "East African trade", ["AU"], ["Nairobi", "Arusha"], "Lake Victoria"),
    ("IDN", "MYS", "stable", 0.5, "palm oil exports and maritime security", ["ASEAN"], ["Jakarta", "Kuala Lumpur"], "the Strait of Malacca"),
]

# Alliance dyads: who gives what (AID always flows this way).
ALLIANCE_AID = {
    ("IRN", "RUS"): ("IRN", ["ballistic missiles", "Shahed drones", "drone components", "artillery shells"]),
    ("PRK", "RUS"): ("PRK", ["artillery shells", "ballistic missiles", "rocket launchers"]),
    ("USA", "UKR"): ("USA", ["air defence systems", "artillery shells", "LOANS", "ATACMS missiles"]),
}
FRIENDLY_AID = ["humanitarian aid", "LOANS", "medical supplies", "emergency food aid"]

# Per-dyad adjustments that keep the sentences plausible:
#   places     targets used instead of an actor's default places in this dyad
#   maritime   actors whose places here are ships or shoals (no shelling, no massing troops)
#   weights    event-type weights replacing the profile's
#   attacker   the only side that carries out ASSAULT events
#   no_border  the two share no land border (no "troops to the border with")
#   arms       weapons used instead of an actor's default ones
DYAD_RULES = {
    "ISR:HAMAS": {"places": {"ISR": ["Sderot", "Ashkelon", "Tel Aviv", "Kibbutz Nahal Oz", "southern Israel"]}},
    "ISR:HEZBOLLAH": {"places": {"ISR": ["Metula", "Kiryat Shmona", "Haifa", "the Galilee"]}},
    "ISR:IRN": {"places": {"ISR": ["Tel Aviv", "the Nevatim air base", "Haifa", "Dimona"]}, "no_border": True},
    "USA:CHN": {"places": {"USA": ["Guam", "U.S. bases in Japan"], "CHN": ["Hainan", "the Paracel Islands"]},
                "weights": {"ASSAULT": 0, "MOBILIZE": 0.5, "RETREAT": 0}, "no_border": True},
    "USA:HOUTHIS": {"places": {"USA": ["a U.S. destroyer in the Red Sea", "U.S. warships in the Gulf of Aden",
                                       "a U.S. aircraft carrier in the Red Sea"]},
                    "maritime": ["USA"], "no_border": True},
    "CHN:PHL": {"places": {"PHL": ["a Philippine supply boat near Second Thomas Shoal",
                                   "Philippine vessels near Scarborough Shoal",
                                   "a Philippine coast guard ship near Sabina Shoal"],
                           "CHN": ["Chinese coast guard vessels near Scarborough Shoal",
                                   "Chinese ships near Second Thomas Shoal"]},
                "maritime": ["PHL", "CHN"], "attacker": "CHN", "arms": {"CHN": ["water cannon", "flares"]},
                "no_border": True},
    "CHN:TWN": {"places": {"TWN": ["Kinmen", "the Matsu islands", "the Penghu islands"]},
                "weights": {"ASSAULT": 0.6}, "attacker": "CHN", "no_border": True},
    "SRB:XKX": {"weights": {"ASSAULT": 0.4}},
    "AFG:PAK": {"places": {"PAK": ["Chaman", "Bajaur", "Kurram", "Torkham"],
                           "AFG": ["Khost", "Paktika province", "Kunar province", "Spin Boldak"]}},
    "POL:BLR": {"weights": {"ASSAULT": 0.3}},
    "VEN:GUY": {"weights": {"ASSAULT": 0.5}, "attacker": "VEN"},
    "IRN:RUS": {"no_border": True},
    "USA:UKR": {"no_border": True},
    "AUS:NZL": {"no_border": True},
}
MASS_NOUNS = {"water cannon"}  # weapons that cannot be counted ("launched 12 water cannon")

EVENT_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
               "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
ESCALATION_TYPES = ["ASSAULT", "THREATEN", "MOBILIZE", "SANCTION"]

# Relative frequency of each event type, in the order of EVENT_TYPES.
PROFILES = {
    "war":        [2, 2, 0.5, 0.5, 0, 0, 2, 2, 6, 3, 4, 1, 1, 4, 3, 10],
    "insurgency": [1, 1, 0, 0.5, 0, 0, 2, 1.5, 4, 2, 4, 0.5, 1, 3, 3, 10],
    "rivalry":    [2, 4, 0.5, 1, 0, 0.2, 1, 3, 6, 3, 3, 2, 2, 2, 2, 1.5],
    "alliance":   [4, 5, 3, 0.5, 4, 6, 0, 1, 0.3, 0.3, 0, 0.2, 0, 0, 0, 0],
    "stable":     [4, 5, 3, 1, 3, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0],
}
FRIENDLY = {"alliance", "stable"}

# ---------------------------------------------------------------------- templates

ANY = ("state", "group", "igo")
SG = ("state", "group")
SI = ("state", "igo")
ST = ("state",)
P5 = ("USA", "RUS", "CHN", "GBR", "FRA")


def verb(base, past, pp=None, ger=None):
    """Verb forms (base, past, past participle, gerund); regular ones derive pp and gerund."""
    if ger is None:
        ger = (base[:-1] if base.endswith("e") and not base.endswith("ee") else base) + "ing"
    return (base, past, pp or past, ger)


def tpl(kind, v, rest, role="gov", src=ANY, tgt=ANY, only=None, land=False, border=False, past_only=False):
    """One event template: subject role, verb forms, the rest of the clause with slots, and
    the kinds of actor allowed as source and target (`only`: allowed source codes). `land`:
    its places must be on land; `border`: the two sides must share a land border;
    `past_only`: not to be written as a plan or possibility ("will kill at least 12")."""
    return {"type": kind, "verb": v, "rest": rest, "role": role, "src": src, "tgt": tgt, "only": only,
            "land": land, "border": border, "past_only": past_only}


TEMPLATES = [
    tpl("AGREE", verb("sign", "signed"), "{deal} with {T}", "dip", SI, SG),
    tpl("AGREE", verb("agree", "agreed"), "with {T} to {agree_to}", "gov", SG, SG),
    tpl("AGREE", verb("reach", "reached"), "a deal with {T} to {agree_to}", "gov", SG, SG),
    tpl("CONSULT", verb("meet", "met", "met", "meeting"), "{Tdip} in {venue}", "envoy", ANY, ANY),
    tpl("CONSULT", verb("hold", "held", "held", "holding"), "talks with {Tdip} in {venue} on {topic}", "envoy", ANY, ANY),
    tpl("CONSULT", verb("visit", "visited"), "{Tname} for talks on {topic}", "envoy", SI, ST),
    tpl("CONSULT", verb("speak", "spoke", "spoken", "speaking"), "by phone with {Tdip} about {topic}", "envoy", SI, SI),
    tpl("CONSULT", verb("host", "hosted"), "{Tdip} in {Scap} for talks on {topic}", "envoy", ST, ANY),
    tpl("SUPPORT", verb("praise", "praised"), "{Tposs} {effort}", "dip", ANY, SI),
    tpl("SUPPORT", verb("express", "expressed"), "support for {Tposs} {position}", "dip", ANY, ST),
    tpl("SUPPORT", verb("back", "backed"), "{Tposs} bid to {goal}", "gov", ANY, ST),
    tpl("SUPPORT", verb("welcome", "welcomed"), "{Tposs} decision to {decision}", "dip", ANY, SG),
    tpl("CONCEDE", verb("lift", "lifted"), "a ban on {Tadj} {goods}", "gov", SI, ST),
    tpl("CONCEDE", verb("ease", "eased"), "restrictions on imports from {Tname}", "gov", SI, ST),
    tpl("CONCEDE", verb("drop", "dropped", "dropped", "dropping"), "{its} objections to {Tposs} {plan}", "gov", SG, SG),
    tpl("CONCEDE", verb("accept", "accepted"), "{Tposs} demand for {demand}", "gov", SG, SG),
    tpl("COOPERATE", verb("hold", "held", "held", "holding"), "joint military drills with {Tmil}", "mil", ST, ST),
    tpl("COOPERATE", verb("conduct", "conducted"), "joint naval exercises with {Tmil} in {sea}", "mil", ST, ST),
    tpl("COOPERATE", verb("share", "shared"), "intelligence with {T} on {topic}", "gov", ST, ST),
    tpl("COOPERATE", verb("launch", "launched"), "joint patrols with {Tmil} along {border}", "mil", ST, ST),
    tpl("AID", verb("send", "sent", "sent", "sending"), "{I} to {T}", "gov", SI, SG),
    tpl("AID", verb("supply", "supplied", ger="supplying"), "{T} with {I}", "gov", SI, SG),
    tpl("AID", verb("deliver", "delivered"), "a new shipment of {I} to {T}", "gov", SI, SG),
    tpl("AID", verb("provide", "provided"), "{T} with {I}", "gov", SI, SG),
    tpl("RETREAT", verb("withdraw", "withdrew", "withdrawn", "withdrawing"), "{its} {troops} from positions near {Tp}", "mil", SG, SG, land=True),
    tpl("RETREAT", verb("release", "released"), "{N} {Tsold} captured near {Sp}", "gov", SG, SG, land=True),
    tpl("RETREAT", verb("declare", "declared"), "a {days}-day ceasefire in {its} fight with {T}", "gov", SG, SG),
    tpl("RETREAT", verb("halt", "halted"), "{its} offensive near {Tp}", "mil", SG, SG, land=True),
    tpl("REQUEST", verb("urge", "urged"), "{T} to {req}", "dip", ANY, ANY),
    tpl("REQUEST", verb("call", "called"), "on {T} to {req}", "dip", ANY, ANY),
    tpl("REQUEST", verb("ask", "asked"), "{T} to {req}", "dip", ANY, ANY),
    tpl("REQUEST", verb("appeal", "appealed"), "to {T} to {req}", "dip", ANY, ANY),
    tpl("ACCUSE", verb("accuse", "accused"), "{T} of {accusation}", "dip", ANY, ANY),
    tpl("ACCUSE", verb("condemn", "condemned"), "{Tposs} {action}", "dip", ANY, SG),
    tpl("ACCUSE", verb("blame", "blamed"), "{T} for {incident}", "gov", ANY, SG),
    tpl("ACCUSE", verb("criticise", "criticised"), "{T} over {issue_short}", "dip", ANY, ANY),
    tpl("REJECT", verb("reject", "rejected"), "{Tposs} {proposal}", "gov", ANY, ANY),
    tpl("REJECT", verb("refuse", "refused"), "to {refuse_act} {T}", "gov", SG, SG),
    tpl("REJECT", verb("veto", "vetoed", ger="vetoing"), "a U.N. Security Council resolution drafted by {T}", "dip", ST, SI, P5),
    tpl("REJECT", verb("turn", "turned"), "down {Tposs} request for {demand}", "gov", ANY, ANY),
    tpl("THREATEN", verb("threaten", "threatened"), "{T} with {consequence} {cond}", "gov", SG, SG),
    tpl("THREATEN", verb("warn", "warned"), "{T} of {consequence} {cond}", "dip", SG, SG),
    tpl("THREATEN", verb("threaten", "threatened"), "to strike {Tp} {cond}", "mil", SG, SG),
    tpl("THREATEN", verb("vow", "vowed"), "to retaliate against {T} for {incident}", "gov", SG, SG),
    tpl("PROTEST", verb("rally", "rallied", ger="rallying"), "outside the {Tadj} embassy in {Scap}", "civ", ST, ST),
    tpl("PROTEST", verb("march", "marched"), "through {Scap} to protest against {Tposs} {policy}", "civ", ST, SG),
    tpl("PROTEST", verb("hold", "held", "held", "holding"), "a protest in {Scap} against {T}", "civ", ST, SG),
    tpl("PROTEST", verb("stage", "staged"), "a strike at the port, refusing to handle cargo bound for {Tname}", "workers", ST, ST),
    tpl("SANCTION", verb("impose", "imposed"), "sanctions on {N} {Tadj} {entities}", "gov", SI, SG),
    tpl("SANCTION", verb("impose", "imposed"), "new sanctions on {T}", "gov", SI, SG),
    tpl("SANCTION", verb("expel", "expelled", "expelled", "expelling"), "{N} {Tadj} diplomats", "gov", ST, ST),
    tpl("SANCTION", verb("recall", "recalled"), "{its} ambassador from {Tname}", "gov", ST, ST),
    tpl("SANCTION", verb("freeze", "froze", "frozen", "freezing"), "assets linked to {T}", "gov", SI, SG),
    tpl("MOBILIZE", verb("deploy", "deployed"), "{NN} additional troops to the border with {Tname}", "mil", ST, ST, border=True),
    tpl("MOBILIZE", verb("mass", "massed"), "{troops} and armour near {Tp}", "mil", SG, SG, land=True),
    tpl("MOBILIZE", verb("call", "called"), "up {NN} reservists amid tensions with {T}", "gov", ST, SG),
    tpl("MOBILIZE", verb("send", "sent", "sent", "sending"), "reinforcements toward {Tp}", "mil", SG, SG, land=True),
    tpl("MOBILIZE", verb("put", "put", "put", "putting"), "{its} forces on high alert over {Tposs} {moves}", "mil", SG, SG),
    tpl("COERCE", verb("arrest", "arrested"), "{N} {Tnat} on {charges}", "police", ST, SG),
    tpl("COERCE", verb("detain", "detained"), "{N} {Tnat} suspected of {suspicion}", "police", SG, SG),
    tpl("COERCE", verb("seize", "seized"), "{aTadj}-flagged tanker in {sea}", "mil", ST, ST),
    tpl("COERCE", verb("capture", "captured"), "{N} {Tsold} near {Sp}", "mil", SG, SG, land=True, past_only=True),
    tpl("ASSAULT", verb("launch", "launched"), "{NA} {cmunition} at {Tp}", "mil", SG, SG),
    tpl("ASSAULT", verb("shell", "shelled"), "{Tp}", "mil", SG, SG, land=True),
    tpl("ASSAULT", verb("strike", "struck", "struck", "striking"), "{sites} in {Tp}", "mil", SG, SG, land=True),
    tpl("ASSAULT", verb("attack", "attacked"), "{Tmil} near {Tp}", "mil", SG, SG, land=True),
    tpl("ASSAULT", verb("kill", "killed"), "at least {N} {Tsold} in {Tp}", "mil", SG, SG, land=True, past_only=True),
    tpl("ASSAULT", verb("carry", "carried", ger="carrying"), "out air strikes on {Tp}", "mil", ST, SG, land=True),
    tpl("ASSAULT", verb("fire", "fired"), "{munition} at {Tp}", "mil", SG, SG),
]


def index_templates(templates):
    """Templates grouped by event type."""
    index = {kind: [] for kind in EVENT_TYPES}
    for t in templates:
        index[t["type"]].append(t)
    return index


TEMPLATES_BY_TYPE = index_templates(TEMPLATES)

# Slot fillers. Keys ending in "/h" are used in hostile dyads, "/f" in friendly ones.
WORDS = {
    "deal/h": ["a prisoner-exchange deal", "an agreement on safe passage for grain ships",
               "a deal on the return of displaced civilians", "an accord on a humanitarian pause"],
    "deal/r": ["an agreement on border management", "a deal on the release of detained nationals",
               "an accord to set up a military hotline", "a memorandum on fishing rights"],
    "deal/f": ["a trade agreement", "a defence cooperation pact", "an energy supply deal",
               "a memorandum on nuclear cooperation", "a deal on critical minerals"],
    "agree_to/h": ["exchange prisoners", "reopen a border crossing for aid deliveries", "hold another round of talks",
                   "set up a military hotline", "allow the evacuation of wounded civilians"],
    "agree_to/r": ["set up a military hotline", "resume border talks", "exchange detained nationals",
                   "reopen a border crossing", "hold another round of talks"],
    "agree_to/f": ["expand trade", "deepen military cooperation", "launch direct flights",
                   "cooperate on energy projects", "build a new rail link"],
    "topic/h": ["the humanitarian situation", "a possible ceasefire", "prisoner exchanges", "security along the frontier",
                "the fate of detained civilians"],
    "topic/r": ["border security", "trade restrictions", "{issue_short}", "the detained nationals", "de-escalation",
                "confidence-building measures"],
    "topic/f": ["trade", "energy security", "defence procurement", "regional security", "climate finance", "migration"],
    "req/h": ["halt attacks on civilian areas", "return to the negotiating table", "release detained civilians",
              "open humanitarian corridors", "pull back troops from the frontier", "respect the ceasefire",
              "exercise restraint"],
    "req/r": ["exercise restraint", "return to dialogue", "release detained nationals", "withdraw troops from the disputed area",
              "stop provocative drills", "respect earlier agreements"],
    "req/f": ["speed up ratification of a trade pact", "join a regional energy initiative",
              "share more data on migration", "ease visa rules for students", "back a joint bid to host a summit"],
    "effort/h": ["efforts to secure the release of hostages", "role in the prisoner exchange",
                 "efforts to reopen aid routes"],
    "effort/r": ["efforts to calm tensions", "restraint during the incident", "handling of the talks"],
    "effort/f": ["efforts to stabilise the region", "handling of the summit", "contribution to regional security",
                 "economic reforms"],
    "position": ["territorial integrity", "call for talks", "bid for a seat on the U.N. Security Council",
                 "proposal for a regional security conference"],
    "goal": ["join the trade bloc", "host the next summit", "secure IMF financing", "expand its port capacity"],
    "decision": ["reopen its embassy", "release the detainees", "join the talks", "extend the truce"],
    "plan": ["membership bid", "proposal for talks", "pipeline project", "plan for a monitoring mission"],
    "demand": ["an independent investigation", "a neutral mediator", "a halt to construction near the border",
               "international monitors", "compensation for the victims"],
    "goods": ["grain", "fruit", "steel", "poultry", "fertiliser", "timber"],
    "accusation": ["targeting civilian infrastructure", "violating the ceasefire", "preparing a provocation near the border",
                   "shelling residential areas", "spreading disinformation", "mistreating prisoners of war",
                   "using civilians as human shields", "smuggling weapons across the border"],
    "accusation/r": ["violating its airspace", "preparing a provocation near the border", "spreading disinformation",
                     "stoking tensions", "mistreating detained nationals", "violating earlier agreements"],
    "action/r": ["military build-up near the border", "drills near {Sp}", "airspace violations near {Sp}",
                 "seizure of a fishing boat"],
    "incident/r": ["the collapse of the talks", "the downing of a drone over {Sp}", "an explosion near {Sp}",
                   "a border shooting near {Sp}"],
    "action": ["attack on {Sp}", "military build-up near the border", "seizure of the convoy", "strikes on {Sp}",
               "detention of aid workers"],
    "incident": ["the attack on {Sp}", "the collapse of the talks", "a deadly blast near {Sp}",
                 "the downing of a drone over {Sp}", "the deaths of several civilians in {Sp}"],
    "proposal": ["proposal for a ceasefire", "offer of talks", "demands", "peace plan", "call for a prisoner exchange",
                 "terms for a truce"],
    "refuse_act": ["resume talks with", "hand over captured soldiers to", "share information with",
                   "negotiate directly with"],
    "consequence/r": ["severe consequences", "a firm response", "countermeasures", "retaliatory strikes"],
    "consequence": ["a decisive military response", "severe consequences", "retaliatory strikes",
                    "a full-scale offensive", "a crushing response"],
    "cond": ["should the attacks continue", "in the event of further provocations", "should its forces cross the line",
             "should the detainees not be released", "in response to any new incursion"],
    "policy": ["military campaign", "attacks", "trade restrictions", "treatment of detainees"],
    "entities": ["companies", "officials", "banks", "shipping firms", "military commanders", "individuals"],
    "moves": ["troop movements", "military build-up", "drills near the border", "missile tests"],
    "charges": ["espionage charges", "charges of spying", "suspicion of sabotage", "charges of plotting attacks"],
    "suspicion": ["spying", "planning attacks", "smuggling weapons", "collaborating with the enemy"],
    "sites": ["military positions", "an ammunition depot", "energy infrastructure", "a fuel depot", "a command post",
              "an air base", "weapons storage sites"],
    "when_past": ["", "", " on {wd}", " on {wd}", " overnight", " late on {wd}", " early on {wd}", " this week"],
    "when_future": ["", "", " next week", " in the coming days", " later this month", " on {wd_next}"],
}

STATUS_WEIGHTS = [("fact", 24), ("said", 20), ("according", 10), ("told", 8), ("could", 5), ("would", 4),
                  ("plans", 5), ("will", 6), ("denied", 6), ("not_confirm", 5), ("unverified", 7)]
DENIABLE = {"ASSAULT", "COERCE", "MOBILIZE", "AID"}  # acts a government denies ("denied sending missiles")

# ------------------------------------------------------------------------- helpers


def poss(name):
    """Possessive of a name: "Russia's", "the Houthis'"."""
    return name + ("'" if name.endswith("s") and not name.endswith("Hamas") else "'s")


def a_or_an(word):
    """The indefinite article for `word` as it is spoken ("an Indian", "a U.S.", "an RSF")."""
    if word.startswith(("U.S.", "Uk", "Un", "Eu", "One")):
        return "a"
    return "an" if word[:1] in "AEIOUaeiou" or word.startswith(("RSF", "M23")) else "a"


def cap(text):
    """Capitalise the first letter only."""
    return text[:1].upper() + text[1:]


def third_person(base):
    """Present-tense third person singular of a verb base."""
    if base.endswith(("s", "sh", "ch", "x", "o")):
        return base + "es"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


def weighted(rng, pairs):
    """Pick a key from (key, weight) pairs."""
    keys = [k for k, _ in pairs]
    return rng.choices(keys, weights=[w for _, w in pairs])[0]


def invented_name(rng, used):
    """A first and last name from the invented pools, not used before in this run."""
    while True:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in used:
            used.add(name)
            return name


def make_state(row, rng, used):
    """Actor record for a country, with its subject phrases by role."""
    code, name, short, adj, capital, head, places = row
    o = OVERRIDES.get(code, {})
    fm = f"{adj} {o.get('fm_title', 'Foreign Minister')} {invented_name(rng, used)}"
    fmin = o.get("fmin", f"{poss(name)} foreign ministry")
    dmin = o.get("dmin", f"the {adj} defence ministry")
    envoys = [(fm, False), (f"{poss(name)} {head}", False), (f"the {adj} {head}", False),
              (f"{a_or_an(adj)} {adj} delegation", False)]
    return {
        "code": code, "kind": "state", "name": name, "short": short, "adj": adj, "capital": capital,
        "places": places, "datelines": [capital.upper()], "short_plural": False,
        "gov": [(name, False), (name, False), (f"the {adj} government", False), (capital, False),
                (f"{poss(name)} government", False)] + o.get("gov", []),
        "dip": [(fmin, False), (fm, False), (f"{poss(name)} {head}", False), (name, False)],
        "envoy": envoys, "tdip": [e for e, _ in envoys],
        "mil": [(f"{adj} forces", True), (f"{adj} troops", True), (f"{poss(name)} military", False),
                (f"the {adj} army", False), (f"{poss(name)} armed forces", True)] + o.get("mil", []),
        "police": [(f"{adj} authorities", True), (f"{adj} security forces", True), (f"{adj} police", True),
                   (f"{poss(name)} security service", False)],
        "civ": [(f"thousands of {adj} protesters", True), (f"{adj} demonstrators", True),
                (f"hundreds of {adj} activists", True)],
        "spk_dip": [fmin, fm, f"{adj} officials", f"a spokesperson for the {adj} government"],
        "spk_mil": [dmin, f"{poss(name)} military", f"{adj} officials", f"{a_or_an(adj)} {adj} military spokesperson"],
        "workers": [(f"{adj} dockworkers", True), (f"{adj} port workers", True), (f"{adj} transport unions", True)],
        "sold": f"{adj} soldiers", "nat": f"{adj} nationals", "troops": "troops", "arms": ARMS.get(code, DEFAULT_ARMS),
    }


def make_group(row):
    """Actor record for an armed group."""
    code, name, short, adj, base, places, gov, mil, speakers, datelines = row
    envoys = [(f"{adj} leaders", True), (f"{a_or_an(adj)} {adj} delegation", False), (f"{adj} negotiators", True)]
    return {
        "code": code, "kind": "group", "name": name, "short": short, "adj": adj, "capital": base,
        "places": places, "datelines": datelines, "short_plural": short == "Houthis",
        "gov": gov, "dip": gov, "envoy": envoys, "tdip": [e for e, _ in envoys], "mil": mil, "police": mil,
        "civ": gov, "spk_dip": speakers, "spk_mil": speakers, "sold": f"{adj} fighters",
        "nat": f"{adj} members", "troops": "fighters", "arms": ARMS.get(code, DEFAULT_ARMS),
    }


def make_igo(row):
    """Actor record for an intergovernmental organisation."""
    code, forms, envoys, speakers = row
    name = IGO_NAMES[code]
    return {
        "code": code, "kind": "igo", "name": name, "short": name.replace("the ", ""), "adj": code,
        "capital": "Brussels", "places": ["Brussels"], "datelines": ["BRUSSELS", "UNITED NATIONS", "GENEVA"],
        "short_plural": False, "gov": forms, "dip": forms, "envoy": envoys, "tdip": [e for e, _ in envoys],
        "mil": forms, "police": forms, "civ": forms, "spk_dip": speakers, "spk_mil": speakers,
        "sold": "peacekeepers", "nat": "staff", "troops": "peacekeepers", "arms": [],
    }


def build_actors(rng):
    """All actors by code; ministers get invented names drawn with `rng`."""
    used = set()
    actors = {row[0]: make_state(row, rng, used) for row in COUNTRIES}
    actors.update({row[0]: make_group(row) for row in GROUPS})
    actors.update({row[0]: make_igo(row) for row in IGOS})
    return actors


def build_dyads(actors):
    """Dyad records: the rules of DYAD_RULES, event-type weights, and for each event type the
    (source, target, templates) that can express it; types nothing can express get weight 0."""
    dyads = []
    for a, b, profile, weight, issue, thirds, venues, sea in DYADS:
        aid = ALLIANCE_AID.get((a, b))
        rules = DYAD_RULES.get(f"{a}:{b}", {})
        dyad = {"key": f"{a}:{b}", "a": a, "b": b, "profile": profile, "weight": weight, "issue": issue,
                "thirds": thirds, "venues": venues, "sea": sea, "places": rules.get("places", {}),
                "arms": rules.get("arms", {}), "maritime": rules.get("maritime", []),
                "attacker": rules.get("attacker"), "no_border": rules.get("no_border", False),
                "aid_from": aid[0] if aid else None, "aid": aid[1] if aid else FRIENDLY_AID}
        weights = {**dict(zip(EVENT_TYPES, PROFILES[profile])), **rules.get("weights", {})}
        dyad["options"] = {kind: primary_options(dyad, kind, actors) for kind in EVENT_TYPES}
        dyad["type_weights"] = {k: (w if dyad["options"][k] else 0) for k, w in weights.items()}
        dyads.append(dyad)
    return dyads


def primary_options(dyad, kind, actors):
    """The directions (source, target, fitting templates) in which `kind` can be written
    between the two sides of `dyad`."""
    options = []
    for src, tgt in ((dyad["a"], dyad["b"]), (dyad["b"], dyad["a"])):
        if kind == "AID" and dyad["aid_from"] not in (None, src):
            continue
        if kind == "ASSAULT" and dyad["attacker"] not in (None, src):
            continue
        found = fitting_templates(kind, actors[src], actors[tgt], actors[src], dyad)
        if found:
            options.append((src, tgt, found))
    return options


def fitting_templates(kind, src, tgt, home, dyad):
    """Templates of `kind` whose actor kinds, places and border needs fit this event."""
    found = []
    for t in TEMPLATES_BY_TYPE[kind]:
        if src["kind"] not in t["src"] or tgt["kind"] not in t["tgt"]:
            continue
        if t["only"] is not None and src["code"] not in t["only"]:
            continue
        if (t["border"] and dyad["no_border"]) or ("{sea}" in t["rest"] and dyad["sea"] is None):
            continue
        if t["land"] and (("{Tp}" in t["rest"] and tgt["code"] in dyad["maritime"])
                          or ("{Sp}" in t["rest"] and home["code"] in dyad["maritime"])):
            continue
        found.append(t)
    return found

# ------------------------------------------------------------------------ dates


def parse_date(text):
    """A YYYY-MM-DD string as a date."""
    return dt.date.fromisoformat(text)


def add_months(day, months):
    """The same day `months` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (first_next - dt.timedelta(days=1)).day))


def date_range(start, months):
    """Every day from `start` up to, not including, `start` plus `months` months."""
    end = add_months(start, months)
    return [start + dt.timedelta(days=i) for i in range((end - start).days)]


def dateline_date(day):
    """"March 4" as written in a dateline."""
    return f"{day:%B} {day.day}"

# ------------------------------------------------------------------ escalations


def plan_escalations(rng, dyads, days):
    """Six conflict-prone dyads, each with a 2-3 week window of 4-6x conflict events."""
    candidates = [d for d in dyads if d["profile"] in ("war", "insurgency", "rivalry")]
    picked = {d["key"] for d in rng.sample(candidates, 6)}
    chosen = [d for d in candidates if d["key"] in picked]
    plans = []
    for d in chosen:
        length = min(rng.randint(14, 21), len(days))
        margin = 14 if len(days) >= length + 28 else 0
        first = rng.randint(margin, len(days) - length - margin)
        plans.append({"dyad": d["key"], "actors": [d["a"], d["b"]], "profile": d["profile"],
                      "start": days[first], "end": days[first + length - 1],
                      "multiplier": round(rng.uniform(4.0, 6.0), 1)})
    return plans


def conflict_share(dyad):
    """Share of the dyad's event weight that is in the escalation types."""
    w = dyad["type_weights"]
    return sum(w[t] for t in ESCALATION_TYPES) / sum(w.values())


def escalation_factors(dyad, multiplier):
    """(article weight factor, conflict type weight factor) giving `multiplier` times the
    rate of escalation-type events: the dyad gets more articles, and more of their
    sentences are conflict events."""
    share = conflict_share(dyad)
    ratio = min(multiplier / 2.0, 0.9 / share)  # how much the conflict share rises
    new_share = ratio * share
    type_factor = new_share * (1 - share) / (share * (1 - new_share))
    return multiplier / ratio, type_factor


def active_escalation(plans, dyad, day):
    """The escalation plan of `dyad` covering `day`, or None."""
    for p in plans:
        if p["dyad"] == dyad["key"] and p["start"] <= day <= p["end"]:
            return p
    return None


def dyad_weights(dyads, plans, day):
    """Per-dyad article weights on `day`, boosted for active escalations so the dyad's share of
    the day's articles rises by the planned factor despite the normalisation."""
    base = [d["weight"] for d in dyads]
    total = sum(base)
    weights = []
    for d, w in zip(dyads, base):
        plan = active_escalation(plans, d, day)
        if plan:
            a, _ = escalation_factors(d, plan["multiplier"])
            a = a * (total - w) / max(total - a * w, 1e-9)
            w = w * a
        weights.append(w)
    return weights

# ------------------------------------------------------------------- sentences


class Slots(dict):
    """Slot values for one sentence, each drawn on first use and then kept, so the body and
    the headline of a sentence agree."""

    def __init__(self, rng, ctx, src, tgt, home):
        super().__init__()
        self.rng, self.ctx, self.src, self.tgt, self.home = rng, ctx, src, tgt, home

    def __missing__(self, key):
        value = self.draw(key)
        if "{" in value:
            value = value.format_map(self)
        self[key] = value
        return value

    def word(self, key):
        """A filler from WORDS, preferring the variant for the dyad's tone (friendly, rivalry, hostile)."""
        profile = self.ctx["dyad"]["profile"]
        tones = ["/f"] if profile in FRIENDLY else (["/r", "/h"] if profile == "rivalry" else ["/h"])
        pool = next((WORDS[key + t] for t in tones if key + t in WORDS), None) or WORDS[key]
        return self.rng.choice(pool)

    def draw(self, key):
        """Draw the value of one slot."""
        rng, src, tgt, dyad = self.rng, self.src, self.tgt, self.ctx["dyad"]
        simple = {
            "T": lambda: rng.choice(tgt["gov"])[0], "Tdip": lambda: rng.choice(tgt["tdip"]),
            "Tmil": lambda: rng.choice(tgt["mil"])[0], "Tname": lambda: tgt["name"],
            "Tposs": lambda: poss(tgt["name"]), "Tadj": lambda: tgt["adj"],
            "Tsold": lambda: tgt["sold"], "Tnat": lambda: tgt["nat"], "troops": lambda: src["troops"],
            "Tp": lambda: rng.choice(dyad["places"].get(tgt["code"], tgt["places"])),
            "Sp": lambda: rng.choice(dyad["places"].get(self.home["code"], self.home["places"])),
            "Scap": lambda: src["capital"], "N": lambda: str(rng.randint(2, 40)),
            "NA": lambda: str(rng.randint(3, 120)), "NN": lambda: f"{rng.randint(2, 40) * 500:,}",
            "days": lambda: rng.choice(["three", "five", "seven", "30"]),
            "munition": lambda: rng.choice(self.arms()),
            "cmunition": lambda: rng.choice([m for m in self.arms() if m not in MASS_NOUNS] or DEFAULT_ARMS),
            "I": lambda: self.instrument(),
            "venue": lambda: rng.choice(dyad["venues"]), "sea": lambda: dyad["sea"],
            "border": lambda: rng.choice(["their shared border", "the frontier"] if not dyad["no_border"]
                                         else [dyad["sea"] or "their maritime boundary"]),
            "aTadj": lambda: f"{a_or_an(tgt['adj'])} {tgt['adj']}",
            "issue_short": lambda: dyad["issue"], "wd": lambda: self.ctx["weekday"],
            "wd_next": lambda: self.ctx["weekday_next"],
        }
        if key in simple:
            return simple[key]()
        return self.word(key)

    def arms(self):
        """Weapons the source uses in this dyad."""
        return self.ctx["dyad"]["arms"].get(self.src["code"], self.src["arms"]) or DEFAULT_ARMS

    def instrument(self):
        """An aid instrument suited to the dyad; loans get an amount."""
        dyad, rng = self.ctx["dyad"], self.rng
        pool = dyad["aid"] if dyad["aid_from"] == self.src["code"] else FRIENDLY_AID
        item = rng.choice(pool)
        if item == "LOANS":
            return f"${rng.randint(2, 40) / 2:g} billion in loans"
        return item


def subject(rng, actor, role):
    """A subject phrase for `actor` in `role` and whether it is plural."""
    return rng.choice(actor.get(role) or actor["gov"])


def speaker(rng, actor, role, avoid):
    """Someone from `actor`'s side to attribute a statement to (military spokespeople for
    military events), other than `avoid`."""
    pool = actor["spk_mil"] if role in ("mil", "police") else actor["spk_dip"]
    return rng.choice([s for s in pool if s.lower() != avoid.lower()])


def clause_parts(template, slots, plural, head_plural):
    """(rest of the clause for the body, for the headline), each with the possessive
    pronoun agreeing with its subject; other slots keep the same values in both."""
    slots["its"] = "their" if plural else "its"
    body = template["rest"].format_map(slots)
    slots["its"] = "their" if head_plural else "its"
    return body, template["rest"].format_map(slots)


TOLD_SOURCES = ["officials", "two sources familiar with the matter", "a senior official", "diplomats"]


def realise(rng, status, subj, plural, v, rest, when, fwhen, spk, outlet):
    """The sentence for one event with the given certainty wording."""
    base, past, pp, ger = v
    S = cap(subj)
    if status == "fact":
        return f"{S} {past} {rest}{when}."
    if status == "said":
        return f"{S} {past} {rest}{when}, {spk} said."
    if status == "according":
        return f"{S} {past} {rest}{when}, according to {spk}."
    if status == "told":
        return f"{cap(rng.choice(TOLD_SOURCES))} told {OUTLET_OBJECT.get(outlet, outlet)} that {subj} had {pp} {rest}{when}."
    if status == "could":
        return f"{S} could {base} {rest}{fwhen}, {spk} said."
    if status == "would":
        return f"{cap(spk)} said {subj} would {base} {rest}{fwhen}."
    if status == "plans":
        return f"{S} {'plan' if plural else 'plans'} to {base} {rest}{fwhen}, according to {spk}."
    if status == "will":
        return f"{S} will {base} {rest}{fwhen}, {spk} said."
    if status == "denied":
        it = "they" if plural else "it"
        return rng.choice([f"{S} denied {ger} {rest}.", f"{S} denied that {it} had {pp} {rest}{when}."])
    if status == "not_confirm":
        return f"{cap(spk)} did not confirm reports that {subj} had {pp} {rest}{when}."
    return rng.choice([f"{S} {past} {rest}{when}, {spk} said, a claim that could not be independently verified.",
                       f"{S} {past} {rest}{when}, according to {spk}; the report could not be independently verified."])


def headline(status, who, v, rest, speaker_actor):
    """A wire-style headline for the lead event; `who` is (actor, subject text, plural)."""
    base, _, _, ger = v
    actor, short, plural = who
    if status in ("plans", "will", "would"):
        text = f"{short} to {base} {rest}"
    elif status == "could":
        text = f"{short} could {base} {rest}"
    elif status == "denied":
        text = f"{short} {'deny' if plural else 'denies'} {ger} {rest}"
    else:
        text = f"{short} {base if plural else third_person(base)} {rest}"
    if status in ("said", "according", "unverified") and speaker_actor["code"] != actor["code"]:
        text += f", {speaker_actor['short']} says"
    return cap(text)


FUTURE_STATUSES = {"could", "would", "plans", "will"}


def pick_status(rng, template):
    """A certainty wording: denials only of deniable acts, unverified claims only of conflict,
    no plans or possibilities for past-only templates."""
    kind = template["type"]
    conflictual = EVENT_TYPES.index(kind) >= EVENT_TYPES.index("ACCUSE")
    pairs = [(s, w) for s, w in STATUS_WEIGHTS
             if not (s == "denied" and kind not in DENIABLE) and not (s == "unverified" and not conflictual)
             and not (s in FUTURE_STATUSES and template["past_only"])]
    return weighted(rng, pairs)


def event_sentence(rng, ctx, template, src, tgt, home):
    """One event sentence written with `template`, and its ground truth."""
    kind = template["type"]
    subj, plural = subject(rng, src, template["role"])
    slots = Slots(rng, ctx, src, tgt, home)
    people = template["role"] in ("civ", "workers")
    who = (src, subj, plural) if people else (src, src["short"], src["short_plural"])
    rest, head_rest = clause_parts(template, slots, plural, who[2])
    status = pick_status(rng, template)
    spk_actor = rng.choice([src, tgt]) if tgt["kind"] != "igo" else src
    spk = speaker(rng, spk_actor, template["role"], subj)
    when = rng.choice(WORDS["when_past"]).format(wd=ctx["weekday"])
    fwhen = rng.choice(WORDS["when_future"]).format(wd_next=ctx["weekday_next"])
    text = realise(rng, status, subj, plural, template["verb"], rest, when, fwhen, spk, ctx["outlet"])
    return {"text": text, "type": kind, "src": src["code"], "tgt": tgt["code"], "status": status,
            "title": headline(status, who, template["verb"], head_rest, spk_actor)}


def primary_event(rng, ctx, actors, escalation):
    """An event between the two sides of the article's dyad; conflict types are weighted up
    inside an escalation window."""
    dyad = ctx["dyad"]
    weights = dict(dyad["type_weights"])
    if escalation:
        _, factor = escalation_factors(dyad, escalation["multiplier"])
        for t in ESCALATION_TYPES:
            weights[t] *= factor
    kind = weighted(rng, list(weights.items()))
    src, tgt, templates = rng.choice(dyad["options"][kind])
    return event_sentence(rng, ctx, rng.choice(templates), actors[src], actors[tgt], actors[src])


def third_party_event(rng, ctx, actors):
    """An outside state or organisation acting towards one side of the dyad, or None."""
    dyad = ctx["dyad"]
    kinds = [("REQUEST", 4), ("CONSULT", 3), ("SUPPORT", 2)]
    if dyad["profile"] not in FRIENDLY:
        kinds += [("ACCUSE", 2), ("AID", 1)]
    for _ in range(20):
        third = actors[rng.choice(dyad["thirds"])]
        side, other = (dyad["a"], dyad["b"]) if rng.random() < 0.5 else (dyad["b"], dyad["a"])
        kind = weighted(rng, kinds)
        if third["code"] in (side, other) or (kind == "AID" and actors[side]["kind"] == "group"):
            continue
        found = fitting_templates(kind, third, actors[side], actors[other], dyad)
        if found:
            return event_sentence(rng, ctx, rng.choice(found), third, actors[side], actors[other])
    return None

# ------------------------------------------------------------------ background

BACKGROUND_HOSTILE = [
    "Relations between {A} and {B} have been strained for years over {issue}.",
    "The dispute over {issue} has defied several rounds of international mediation.",
    "Diplomats say a lasting settlement over {issue} remains distant.",
    "Neither side gave casualty figures.",
    "Analysts say the latest developments could shape {issue} for months to come.",
    "The area has seen repeated flare-ups in recent years.",
    "Aid agencies say millions of people in the region depend on humanitarian assistance.",
    "{Outlet} was not able to reach officials in {Bcap} for comment.",
    "Previous rounds of talks between the two sides ended without a breakthrough.",
]
BACKGROUND_FRIENDLY = [
    "{A} and {B} are close partners and hold regular consultations.",
    "Trade between the two countries has grown steadily over the past decade.",
    "The two governments work closely together on {issue}.",
    "Officials from both sides describe relations as the strongest in years.",
    "{A} is one of {Bposs} largest trading partners.",
]


def background_sentences(rng, ctx, actors, n):
    """`n` different sentences of context that report no new event."""
    dyad = ctx["dyad"]
    pool = BACKGROUND_FRIENDLY if dyad["profile"] in FRIENDLY else BACKGROUND_HOSTILE
    return [fill_background(t, ctx, actors) for t in rng.sample(pool, n)]


def fill_background(template, ctx, actors):
    """A background template with the dyad's names filled in."""
    dyad = ctx["dyad"]
    a, b = actors[dyad["a"]], actors[dyad["b"]]
    text = template.format(A=a["name"], B=b["name"], Bposs=poss(b["name"]), issue=dyad["issue"],
                                   Outlet=OUTLET_OBJECT.get(ctx["outlet"], ctx["outlet"]), Bcap=b["capital"])
    return cap(text)

# --------------------------------------------------------------------- articles


def article_context(rng, dyad, day, actors):
    """Outlet, dateline city and weekday names for one article."""
    outlet = rng.choice(OUTLETS)
    cities = actors[dyad["a"]]["datelines"] + actors[dyad["b"]]["datelines"]
    event_day = day - dt.timedelta(days=rng.choice([0, 1]))
    return {"dyad": dyad, "day": day, "outlet": outlet, "city": rng.choice(cities),
            "weekday": f"{event_day:%A}", "weekday_next": f"{day + dt.timedelta(days=rng.randint(2, 5)):%A}"}


def sentence_counts(rng):
    """(event sentences, background sentences): 4-10 and 1-3, 6-12 in all."""
    events = rng.randint(4, 10)
    return events, rng.randint(max(1, 6 - events), min(3, 12 - events))


def paragraphs(rng, sentences):
    """Sentences grouped into one- or two-sentence paragraphs."""
    paras, i = [], 0
    while i < len(sentences):
        take = 2 if rng.random() < 0.3 and i + 1 < len(sentences) else 1
        paras.append(" ".join(sentences[i:i + take]))
        i += take
    return "\n\n".join(paras)


def make_article(rng, dyad, day, actors, plans):
    """One article: text, title, outlet, and the events it reports."""
    ctx = article_context(rng, dyad, day, actors)
    escalation = active_escalation(plans, dyad, day)
    n_events, n_background = sentence_counts(rng)
    events = [primary_event(rng, ctx, actors, escalation)]
    while len(events) < n_events:
        found = third_party_event(rng, ctx, actors) if rng.random() < 0.15 else None
        events.append(found or primary_event(rng, ctx, actors, escalation))
    body = [e["text"] for e in events]
    for sentence in background_sentences(rng, ctx, actors, n_background):
        body.insert(rng.randint(2, len(body)), sentence)
    dateline = f"{ctx['city']}, {dateline_date(day)} ({ctx['outlet']}) - "
    return {"text": dateline + paragraphs(rng, body), "date": day.isoformat(), "source": ctx["outlet"],
            "title": events[0]["title"], "dyad": dyad["key"],
            "events": [{k: e[k] for k in ("type", "src", "tgt", "status")} for e in events]}


def day_weights(days):
    """Fewer articles at weekends."""
    return [0.6 if d.weekday() >= 5 else 1.0 for d in days]


def expected_counts(n, days, dyads, plans):
    """Expected number of articles per dyad per day: `n` spread over the days, shared
    among dyads by weight (boosted in escalation windows)."""
    day_w = day_weights(days)
    total = sum(day_w)
    table = []
    for day, w in zip(days, day_w):
        weights = dyad_weights(dyads, plans, day)
        share = n * w / total / sum(weights)
        table.append([share * x for x in weights])
    return table


def allocate(rng, n, days, dyads, plans):
    """(day, dyad) for each of `n` articles. Systematic sampling along each dyad's
    cumulative expectation, with a random phase, so a window of any length gets within one
    article of its expected count and planned multipliers are realised, not left to chance."""
    table = expected_counts(n, days, dyads, plans)
    counts = [[0] * len(dyads) for _ in days]
    for k in range(len(dyads)):
        phase, cum, taken = rng.random(), 0.0, 0
        for i in range(len(days)):
            cum += table[i][k]
            counts[i][k] = int(cum + phase) - taken
            taken += counts[i][k]
    balance_total(rng, counts, table, n)
    slots = [(days[i], dyads[k]) for i in range(len(days)) for k in range(len(dyads)) for _ in range(counts[i][k])]
    return slots


def balance_total(rng, counts, table, n):
    """Add or remove single articles, at random cells weighted by expectation, until the
    counts sum to `n`."""
    cells = [(i, k) for i in range(len(counts)) for k in range(len(counts[0]))]
    while sum(map(sum, counts)) != n:
        if sum(map(sum, counts)) < n:
            i, k = rng.choices(cells, weights=[table[i][k] for i, k in cells])[0]
            counts[i][k] += 1
        else:
            i, k = rng.choices(cells, weights=[counts[i][k] for i, k in cells])[0]
            counts[i][k] -= 1


def make_articles(rng, n, days, dyads, actors, plans):
    """`n` distinct articles, in date order."""
    seen, articles = set(), []
    for day, dyad in allocate(rng, n, days, dyads, plans):
        while True:
            art = make_article(rng, dyad, day, actors, plans)
            if art["text"] not in seen:
                break
        seen.add(art["text"])
        articles.append(art)
    return articles

# ------------------------------------------------------------- near duplicates

UPDATE_NOTE = "This story has been updated with additional background."
WORD_SWAPS = [(" said.", " told reporters."), (" troops ", " soldiers "), (" talks ", " negotiations "),
              (" officials ", " authorities "), (" urged ", " called on "), (" attacked ", " struck "),
              (" overnight", " during the night"), (" border ", " frontier ")]


def shingles(text, size=5):
    """Word 5-shingles, as the deduplicator builds them (lower-cased \\w+ words)."""
    words = "".join(ch.lower() if ch.isalnum() or ch == "_" else " " for ch in text).split()
    return {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}


def jaccard(a, b):
    """Jaccard similarity of the 5-shingle sets of two texts."""
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / max(1, len(sa | sb))


def change_agency(text, old, new):
    """Swap the dateline agency for another outlet. Attributions in the body ("told
    Reuters") stay, as they do when one outlet runs another's copy."""
    return text.replace(f"({old}) - ", f"({new}) - ", 1)


def edits(rng, text, extras):
    """Candidate edited copies, (text, what changed), in random order: one word changed, or
    one of `extras` added as a closing sentence."""
    found = [(text.replace(a, b, 1), f"changed {a.strip()!r} to {b.strip()!r}") for a, b in WORD_SWAPS if a in text]
    found += [(text + "\n\n" + extra, "added a sentence") for extra in extras]
    rng.shuffle(found)
    return found


def make_duplicate(rng, original, actors, dyads_by_key, last_day, floor=0.8):
    """A republication of `original` by another outlet, same or next day, with one small edit
    that keeps 5-shingle Jaccard similarity at or above `floor`, so every pair is clearly a
    near-duplicate; None when no edit does (short articles)."""
    outlet = rng.choice([o for o in OUTLETS if o != original["source"]])
    day = min(parse_date(original["date"]) + dt.timedelta(days=rng.choice([0, 1])), last_day)
    ctx = {"dyad": dyads_by_key[original["dyad"]], "outlet": outlet}
    moved = change_agency(original["text"], original["source"], outlet)
    extras = [b for b in background_sentences(rng, ctx, actors, 3) if b not in moved] or [UPDATE_NOTE]
    candidates = [(jaccard(original["text"], t), t, why) for t, why in edits(rng, moved, extras)]
    good = [c for c in candidates if c[0] >= floor and c[1] != original["text"]]
    if not good:
        return None
    similarity, text, change = good[0]
    return {"text": text, "date": day.isoformat(), "source": outlet, "title": original["title"],
            "dyad": original["dyad"], "events": original["events"], "duplicate_of": original, "change": change,
            "similarity": similarity}


def make_duplicates(rng, articles, actors, dyads, last_day, share=0.04):
    """About `share` of the articles republished once each, originals drawn at random."""
    by_key = {d["key"]: d for d in dyads}
    wanted = round(len(articles) * share)
    order = list(range(len(articles)))
    rng.shuffle(order)
    copies = []
    for i in order:
        if len(copies) == wanted:
            break
        copy = make_duplicate(rng, articles[i], actors, by_key, last_day)
        if copy:
            copies.append(copy)
    return copies


def assign_ids(records):
    """Sort all records by date (originals before their same-day copies) and number them."""
    records.sort(key=lambda r: (r["date"], "duplicate_of" in r))
    for i, r in enumerate(records, start=1):
        r["id"] = f"art-{i:05d}"
    return records

# ------------------------------------------------------------------- bad inputs


def bad_binary(rng):
    """Bytes of an image-like blob with NULs, saved under a .txt name."""
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4096))


def bad_latin1():
    """A short article encoded as Latin-1: its accented letters are invalid UTF-8."""
    text = ("BOGOT\u00c1, May 2 (Reuters) - Colombia's foreign ministry said on Thursday that talks in "
            "S\u00e3o Paulo and Asunci\u00f3n with envoys from Z\u00fcrich-based mediators had made progress, "
            "and that a further round would be held in Cura\u00e7ao next month.\n")
    return text.encode("latin-1")


def bad_html():
    """An HTML page with a head and no body."""
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            "<title>Breaking: talks resume</title></head></html>\n").encode("utf-8")


def bad_jsonl_lines(good_texts, day):
    """(lines, reasons) for a JSONL file with three good lines among broken ones."""
    good = [json.dumps({"id": f"mixed-good-{i}", "text": t, "date": day, "source": "Reuters"})
            for i, t in enumerate(good_texts, start=1)]
    broken = [
        ('{"id": "mixed-bad-1", "text": "KYIV, March 4 (Reuters) - Russian forces', "truncated JSON"),
        ("this line is plain text, not JSON", "not JSON"),
        ('["an", "array", "not", "an", "object"]', "a JSON array, not an object"),
        ('{"id": "mixed-bad-4", "title": "No text here", "date": "' + day + '"}', 'no "text" field'),
        ('{"id": "mixed-bad-5", "text": 42}', '"text" is not a string'),
    ]
    order = [good[0], broken[0][0], broken[1][0], good[1], broken[2][0], broken[3][0], good[2], broken[4][0]]
    return order, [f"line {order.index(line) + 1}: {why}" for line, why in broken]


def bad_csv():
    """A CSV whose article column is called "body", not "text"."""
    return ("id,headline,body,date\n"
            'c1,Talks resume,"GENEVA, May 2 (Reuters) - Envoys met again on Thursday.",2024-05-02\n'
            'c2,Drills end,"TAIPEI, May 3 (Reuters) - Taiwan said drills had ended.",2024-05-03\n').encode("utf-8")


def bad_oversized(texts):
    """About 3 MB of article text in one file (the ingester's limit is 2,000,000 characters)."""
    chunk = "\n\n".join(texts) + "\n\n"
    size = 3 * 1024 * 1024
    return (chunk * (size // len(chunk) + 1))[:size].encode("utf-8")


def spare_articles(rng, n, days, dyads, actors, taken):
    """`n` more articles whose texts are not in the corpus (`taken`), for the good lines of
    the bad inputs, so ingesting the whole folder adds no unlisted duplicates."""
    found = []
    while len(found) < n:
        art = make_article(rng, rng.choice(dyads), rng.choice(days), actors, [])
        if art["text"] not in taken:
            taken.add(art["text"])
            found.append(art)
    return found


def write_bad_inputs(rng, folder, spares):
    """Write the bad inputs and return their manifest entries."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [a["text"] for a in spares]
    day = spares[0]["date"]
    lines, line_reasons = bad_jsonl_lines(texts, day)
    bad_date = json.dumps({"id": "bad-date-1", "text": texts[0], "date": "04/03/2024", "source": "Reuters"})
    files = [
        ("binary.txt", bad_binary(rng), "binary data: contains NUL bytes", 1, 0),
        ("empty.txt", b"", "empty file", 1, 0),
        ("latin1.txt", bad_latin1(), "Latin-1 encoded, not valid UTF-8", 1, 0),
        ("no_body.html", bad_html(), "HTML with no body to extract", 1, 0),
        ("broken_lines.jsonl", ("\n".join(lines) + "\n").encode("utf-8"),
         "5 broken lines mixed with 3 good ones: " + "; ".join(line_reasons), 5, 3),
        ("no_text_column.csv", bad_csv(), 'CSV without a "text" column', 1, 0),
        ("oversized.txt", bad_oversized(texts), "3 MB text, over the 2,000,000-character limit", 1, 0),
        ("bad_date.jsonl", (bad_date + "\n").encode("utf-8"), 'a line whose "date" is not YYYY-MM-DD: "04/03/2024"',
         1, 0),
    ]
    entries = []
    for name, data, reason, problems, documents in files:
        (folder / name).write_bytes(data)
        entries.append({"file": f"bad/{name}", "reason": reason, "bytes": len(data),
                        "expected_problems": problems, "expected_documents": documents})
    return entries

# --------------------------------------------------------------------- manifest


def conflict_counts(records, pair, start, end):
    """Escalation-type events between the two actors of `pair` (either direction), in and out
    of [start, end], counted over original articles."""
    inside = outside = 0
    for r in records:
        if "duplicate_of" in r:
            continue
        n = sum(1 for e in r["events"] if e["type"] in ESCALATION_TYPES and {e["src"], e["tgt"]} == set(pair))
        if start <= r["date"] <= end:
            inside += n
        else:
            outside += n
    return inside, outside


def escalation_entry(plan, records, days):
    """Manifest entry for one injected escalation, with the counts actually generated."""
    start, end = plan["start"].isoformat(), plan["end"].isoformat()
    inside, outside = conflict_counts(records, plan["actors"], start, end)
    in_days = (plan["end"] - plan["start"]).days + 1
    out_days = len(days) - in_days
    rate_in, rate_out = inside / in_days, outside / max(1, out_days)
    return {"dyad": plan["dyad"], "actors": plan["actors"], "start": start, "end": end,
            "multiplier": plan["multiplier"], "event_types": ESCALATION_TYPES,
            "generated": {"in_window": inside, "outside_window": outside, "per_day_in_window": round(rate_in, 3),
                          "per_day_outside": round(rate_out, 3),
                          "observed_ratio": round(rate_in / rate_out, 2) if rate_out else None}}


def stable_entry(dyad, records):
    """Manifest entry for a stable dyad, with its event count by type."""
    counts = {}
    for r in records:
        if "duplicate_of" in r:
            continue
        for e in r["events"]:
            if {e["src"], e["tgt"]} == {dyad["a"], dyad["b"]}:
                counts[e["type"]] = counts.get(e["type"], 0) + 1
    return {"dyad": dyad["key"], "actors": [dyad["a"], dyad["b"]], "events_by_type": dict(sorted(counts.items()))}


def build_manifest(args, days, dyads, plans, records, bad):
    """The manifest: counts, seed, range, dyads, near-duplicate pairs, bad inputs, escalations."""
    dups = [r for r in records if "duplicate_of" in r]
    return {
        "generator": "benchmarks/make_corpus.py",
        "note": "Synthetic text written by the faultlines project from templates; not real news.",
        "seed": args.seed,
        "date_range": {"start": days[0].isoformat(), "end": days[-1].isoformat()},
        "counts": {"articles": len(records) - len(dups), "near_duplicates": len(dups),
                   "corpus_lines": len(records), "bad_inputs": len(bad)},
        "dyads": [{"dyad": d["key"], "profile": d["profile"]} for d in dyads],
        "near_duplicate_pairs": [
            {"original": r["duplicate_of"]["id"], "duplicate": r["id"], "original_source": r["duplicate_of"]["source"],
             "duplicate_source": r["source"], "change": r["change"],
             "shingle_jaccard": round(r["similarity"], 3)} for r in dups],
        "bad_inputs": bad,
        "injected_escalations": [escalation_entry(p, records, days) for p in plans],
        "stable_dyads": [stable_entry(d, records) for d in dyads if d["profile"] == "stable"],
    }

# ------------------------------------------------------------------------- main


def write_corpus(path, records):
    """One JSON object per line, in id order."""
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({k: r[k] for k in ("id", "text", "date", "source", "title")},
                                ensure_ascii=False) + "\n")


def parse_args(argv=None):
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, type=Path, help="folder to write corpus.jsonl, bad/ and manifest.json")
    p.add_argument("--articles", type=int, default=2000, help="number of original articles (default 2000)")
    p.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p.add_argument("--start", type=parse_date, default=parse_date("2024-01-01"), help="first date, YYYY-MM-DD")
    p.add_argument("--months", type=int, default=6, help="length of the period in months (default 6)")
    args = p.parse_args(argv)
    if args.articles < 3 or args.months < 1:
        p.error("--articles must be at least 3 and --months at least 1")
    return args


def main(argv=None):
    """Generate the corpus, the bad inputs and the manifest."""
    args = parse_args(argv)
    rng = random.Random(args.seed)
    days = date_range(args.start, args.months)
    actors = build_actors(rng)
    dyads = build_dyads(actors)
    plans = plan_escalations(rng, dyads, days)
    articles = make_articles(rng, args.articles, days, dyads, actors, plans)
    records = assign_ids(articles + make_duplicates(rng, articles, actors, dyads, days[-1]))
    args.out.mkdir(parents=True, exist_ok=True)
    write_corpus(args.out / "corpus.jsonl", records)
    spares = spare_articles(rng, 3, days, dyads, actors, {r["text"] for r in records})
    bad = write_bad_inputs(rng, args.out / "bad", spares)
    manifest = build_manifest(args, days, dyads, plans, records, bad)
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    c = manifest["counts"]
    print(f"wrote {c['corpus_lines']} lines ({c['articles']} articles, {c['near_duplicates']} near-duplicates) "
          f"and {c['bad_inputs']} bad inputs to {args.out}")


if __name__ == "__main__":
    main()
