"""Synthetic briefing corpus for scale tests.

    python -m bench.generate --events 10000 --out /tmp/corpus [--seed 0]

writes a complete project into OUT: ``sources/`` (documents, one YAML file per event, actors,
operations, places, glossary) plus a copy of the repository's ``mkdocs.yml`` and ``docs/`` whose
``hooks:`` and ``watch:`` entries point back at the repository's builder, so that
``mkdocs build -f OUT/mkdocs.yml`` builds the synthetic briefing with this checkout's code.

The corpus is meant to make every stage do its full work, not just to be big:

* one country (Syria), one to three years (scaled with N), hundreds of actors and places at scale;
* documents are generated news texts (one per ~10 events, wrapped at 80 columns, some typeset with
  typographic quotes and dashes) and every quote — event sources, figures, claims, titles, actor,
  operation and place sources — is a sentence or clause that really occurs in its document;
* ~5% of events carry two figures of one measure from two documents that disagree;
* actors and places have aliases (transliteration variants, acronyms); no spelling is shared by
  two records, and the glossary never collides with an actor's or place's spelling;
* date precisions are mixed (days, months, ranges, early/mid/late, approximate, uncertain,
  relative dates resolved in ``date_note``), never later than the documents that report them.

Deterministic: everything derives from one seeded ``random.Random``; no clock, environment or
hash-order dependence, so the same arguments give a byte-identical tree.
"""

from __future__ import annotations

import argparse
import calendar
import json
import math
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import ClassVar

REPO_ROOT = Path(__file__).resolve().parent.parent
MARKER = ".bench-corpus"
END_DATE = date(2025, 12, 31)  # fixed, so output never depends on the day it is generated
BBOX = (32.31, 37.32, 35.72, 42.38)  # Syria: lat min/max, lon min/max

# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------

# key, governorate name, governorate aliases, lat, lon, capital, capital aliases, cap lat, cap lon,
# weight (how much security activity the governorate sees)
GOVERNORATES = [
    ("damascus", "Damascus Governorate", ["Damascus Province"], 33.51, 36.29,
     "Damascus", ["Dimashq", "Al-Sham"], 33.5138, 36.2765, 6),
    ("rif-dimashq", "Rif Dimashq Governorate", ["Rural Damascus", "Damascus Countryside", "Reef Dimashq"],
     33.45, 36.85, "Douma", ["Duma"], 33.5722, 36.4025, 9),
    ("aleppo", "Aleppo Governorate", ["Aleppo Province", "Halab Governorate"], 36.25, 37.55,
     "Aleppo", ["Halab", "Haleb"], 36.2021, 37.1343, 10),
    ("idlib", "Idlib Governorate", ["Idlib Province", "Idleb Governorate"], 35.75, 36.65,
     "Idlib", ["Idleb"], 35.9306, 36.6339, 7),
    ("hama", "Hama Governorate", ["Hama Province", "Hamah Governorate"], 35.2, 36.95,
     "Hama", ["Hamah"], 35.1318, 36.7578, 6),
    ("homs", "Homs Governorate", ["Homs Province", "Hims Governorate"], 34.55, 37.9,
     "Homs", ["Hims"], 34.7324, 36.7137, 9),
    ("latakia", "Latakia Governorate", ["Latakia Province", "Lattakia Governorate"], 35.6, 36.0,
     "Latakia", ["Lattakia", "Al-Ladhiqiyah"], 35.5317, 35.7901, 5),
    ("tartus", "Tartus Governorate", ["Tartus Province", "Tartous Governorate"], 34.95, 36.05,
     "Tartus", ["Tartous", "Tartous city"], 34.8890, 35.8866, 3),
    ("raqqa", "Raqqa Governorate", ["Raqqa Province", "Ar-Raqqah Governorate"], 35.8, 38.9,
     "Raqqa", ["Raqqah", "Ar-Raqqah"], 35.9594, 39.0079, 9),
    ("deir-ez-zor", "Deir ez-Zor Governorate", ["Deir ez-Zor Province", "Deir al-Zour Governorate"],
     35.0, 40.2, "Deir ez-Zor", ["Deir al-Zour", "Dayr az-Zawr", "Deir Ezzor"], 35.3359, 40.1408, 14),
    ("hasakah", "Hasakah Governorate", ["Hasakah Province", "Al-Hasakah Governorate"], 36.5, 40.9,
     "Hasakah", ["Al-Hasakah", "Hasaka"], 36.5024, 40.7477, 10),
    ("daraa", "Daraa Governorate", ["Daraa Province", "Deraa Governorate"], 32.8, 36.2,
     "Daraa", ["Deraa", "Dar'a"], 32.6189, 36.1021, 7),
    ("suwayda", "Suwayda Governorate", ["Suwayda Province", "Sweida Governorate"], 32.7, 36.75,
     "Suwayda", ["Sweida", "As-Suwayda"], 32.7090, 36.5663, 5),
    ("quneitra", "Quneitra Governorate", ["Quneitra Province", "Al-Qunaytirah Governorate"], 33.1, 35.85,
     "Quneitra", ["Al-Qunaytirah"], 33.1256, 35.8241, 3),
]

# name, governorate key, lat, lon, aliases, kind
TOWNS = [
    ("Al-Bab", "aleppo", 36.3706, 37.5157, ["al-Bab", "El Bab"], "town"),
    ("Manbij", "aleppo", 36.5281, 37.9549, ["Menbij", "Minbij"], "town"),
    ("Azaz", "aleppo", 36.5866, 37.0463, ["A'zaz", "Aazaz"], "town"),
    ("Jarabulus", "aleppo", 36.8175, 38.0111, ["Jarablus"], "town"),
    ("Afrin", "aleppo", 36.5119, 36.8694, ["Efrin", "Afreen"], "town"),
    ("Kobani", "aleppo", 36.8906, 38.3538, ["Ain al-Arab", "Kobane"], "town"),
    ("Tel Rifaat", "aleppo", 36.4727, 37.0970, ["Tal Rifat", "Tell Rifaat"], "town"),
    ("As-Safira", "aleppo", 36.0772, 37.3725, ["Al-Safirah", "Safira"], "town"),
    ("Deir Hafer", "aleppo", 36.1579, 37.7076, ["Dayr Hafir"], "town"),
    ("Maskanah", "aleppo", 35.9581, 38.0333, ["Meskene"], "town"),
    ("Al-Atarib", "aleppo", 36.1386, 36.8300, ["Atarib"], "town"),
    ("Maarat al-Numan", "idlib", 35.6475, 36.6722, ["Ma'arrat al-Nu'man", "Maarat al-Nouman"], "town"),
    ("Saraqib", "idlib", 35.8645, 36.8006, ["Saraqeb"], "town"),
    ("Jisr al-Shughur", "idlib", 35.8117, 36.3178, ["Jisr ash-Shughur", "Jisr al-Shughour"], "town"),
    ("Ariha", "idlib", 35.8128, 36.6092, ["Areeha"], "town"),
    ("Khan Shaykhun", "idlib", 35.4419, 36.6508, ["Khan Sheikhoun"], "town"),
    ("Sarmada", "idlib", 36.1833, 36.7167, ["Sarmadah"], "town"),
    ("Harem", "idlib", 36.2075, 36.5189, ["Harim"], "town"),
    ("Binnish", "idlib", 35.9569, 36.7119, ["Binnsh"], "town"),
    ("Kafr Nabl", "idlib", 35.6136, 36.5611, ["Kafranbel", "Kafr Nubl"], "town"),
    ("Salqin", "idlib", 36.1383, 36.4497, ["Salkin"], "town"),
    ("Salamiyah", "hama", 35.0113, 37.0532, ["Salamiyeh", "Salamieh"], "town"),
    ("Mahardah", "hama", 35.2478, 36.5728, ["Muhradah", "Mhardeh"], "town"),
    ("Suqaylabiyah", "hama", 35.3697, 36.3847, ["Skeilbiyeh", "Al-Suqaylabiyah"], "town"),
    ("Masyaf", "hama", 35.0653, 36.3419, ["Misyaf", "Masyaf town"], "town"),
    ("Kafr Zita", "hama", 35.3747, 36.6014, ["Kafr Zeita"], "town"),
    ("Murek", "hama", 35.3833, 36.6833, ["Morek"], "town"),
    ("Al-Lataminah", "hama", 35.3161, 36.6217, ["Latamneh"], "town"),
    ("Souran", "hama", 35.2894, 36.7422, ["Suran"], "town"),
    ("Palmyra", "homs", 34.5560, 38.2670, ["Tadmur", "Tadmor"], "town"),
    ("Al-Qusayr", "homs", 34.5091, 36.5797, ["Qusayr", "Al-Qusair"], "town"),
    ("Talkalakh", "homs", 34.6683, 36.2597, ["Tal Kalakh", "Tell Kalakh"], "town"),
    ("Al-Rastan", "homs", 34.9267, 36.7325, ["Rastan"], "town"),
    ("Talbiseh", "homs", 34.8406, 36.7303, ["Talbisah"], "town"),
    ("Al-Qaryatayn", "homs", 34.2289, 37.2406, ["Qaryatayn", "Al-Quaryatayn"], "town"),
    ("Al-Sukhnah", "homs", 34.8869, 38.8722, ["Sukhnah", "Al-Sukhna"], "town"),
    ("Harasta", "rif-dimashq", 33.5586, 36.3650, ["Harasta town"], "town"),
    ("Jaramana", "rif-dimashq", 33.4861, 36.3469, ["Jaramanah"], "city"),
    ("Darayya", "rif-dimashq", 33.4581, 36.2356, ["Daraya"], "town"),
    ("Zabadani", "rif-dimashq", 33.7247, 36.0972, ["Al-Zabadani"], "town"),
    ("Yabroud", "rif-dimashq", 33.9672, 36.6572, ["Yabrud"], "town"),
    ("An-Nabk", "rif-dimashq", 34.0242, 36.7283, ["Al-Nabk", "Nebek"], "town"),
    ("Qatana", "rif-dimashq", 33.4372, 36.0800, ["Qatanna"], "town"),
    ("Al-Kiswah", "rif-dimashq", 33.3586, 36.2419, ["Kiswah", "Al-Kiswa"], "town"),
    ("Sayyida Zaynab", "rif-dimashq", 33.4444, 36.3361, ["Sayyidah Zaynab", "Set Zeinab"], "town"),
    ("Al-Tall", "rif-dimashq", 33.6103, 36.3106, ["At-Tall"], "town"),
    ("Dumayr", "rif-dimashq", 33.6436, 36.6931, ["Al-Dumayr", "Dmeir"], "town"),
    ("Qudsaya", "rif-dimashq", 33.5333, 36.2333, ["Qudssaya"], "town"),
    ("Bosra", "daraa", 32.5189, 36.4817, ["Busra al-Sham", "Bosra al-Sham"], "town"),
    ("Nawa", "daraa", 32.8906, 36.0431, ["Nawa town"], "town"),
    ("Tafas", "daraa", 32.7369, 35.9708, ["Tafs"], "town"),
    ("Jasim", "daraa", 32.9922, 36.0603, ["Jassem"], "town"),
    ("Inkhil", "daraa", 33.0167, 36.1283, ["Inkhel"], "town"),
    ("As-Sanamayn", "daraa", 33.0711, 36.1842, ["Sanamayn", "Al-Sanamayn"], "town"),
    ("Izra", "daraa", 32.8569, 36.2497, ["Izraa", "Ezraa"], "town"),
    ("Al-Harak", "daraa", 32.7533, 36.3047, ["Harak"], "town"),
    ("Dael", "daraa", 32.7553, 36.1311, ["Da'el"], "town"),
    ("Shahba", "suwayda", 32.8550, 36.6289, ["Shahbaa"], "town"),
    ("Salkhad", "suwayda", 32.4919, 36.7111, ["Salkhed"], "town"),
    ("Al-Qrayya", "suwayda", 32.5508, 36.5881, ["Qrayya"], "village"),
    ("Khan Arnabah", "quneitra", 33.1833, 35.8833, ["Khan Arnaba"], "town"),
    ("Jubata al-Khashab", "quneitra", 33.2286, 35.8653, ["Jubbata al-Khashab"], "village"),
    ("Hadar", "quneitra", 33.2758, 35.8331, ["Hader"], "village"),
    ("Jableh", "latakia", 35.3611, 35.9256, ["Jablah", "Jebleh"], "town"),
    ("Al-Haffah", "latakia", 35.6000, 36.0333, ["Haffah", "Al-Haffa"], "town"),
    ("Qardaha", "latakia", 35.4500, 36.0600, ["Al-Qardahah", "Qurdaha"], "town"),
    ("Kessab", "latakia", 35.9264, 35.9889, ["Kasab"], "village"),
    ("Rabia", "latakia", 35.8000, 36.0500, ["Rabiaa"], "village"),
    ("Baniyas", "tartus", 35.1822, 35.9486, ["Banias"], "town"),
    ("Safita", "tartus", 34.8208, 36.1172, ["Safitha"], "town"),
    ("Duraykish", "tartus", 34.8964, 36.1347, ["Dreikish"], "town"),
    ("Al-Shaykh Badr", "tartus", 34.9919, 36.0819, ["Sheikh Badr"], "town"),
    ("Tabqa", "raqqa", 35.8367, 38.5481, ["Al-Thawrah", "Al-Tabqa"], "city"),
    ("Tell Abyad", "raqqa", 36.6975, 38.9567, ["Tal Abyad", "Gire Spi"], "town"),
    ("Ain Issa", "raqqa", 36.3853, 38.8594, ["Ayn Issa", "Ain Eisa"], "town"),
    ("Maadan", "raqqa", 35.7450, 39.6561, ["Ma'dan"], "town"),
    ("Al-Karamah", "raqqa", 35.9000, 39.2833, ["Karama"], "village"),
    ("Al-Mayadin", "deir-ez-zor", 35.0194, 40.4519, ["Mayadeen", "Al-Mayadeen"], "town"),
    ("Albu Kamal", "deir-ez-zor", 34.4531, 40.9181, ["Abu Kamal", "Bukamal"], "town"),
    ("Hajin", "deir-ez-zor", 34.6964, 40.8294, ["Hajeen"], "town"),
    ("Al-Busayrah", "deir-ez-zor", 35.1553, 40.4297, ["Busayrah", "Al-Busayra"], "town"),
    ("Al-Shuhayl", "deir-ez-zor", 35.0500, 40.3833, ["Shuhail", "Al-Shuheil"], "town"),
    ("Diban", "deir-ez-zor", 35.0167, 40.3500, ["Thiban", "Dhiban"], "town"),
    ("Al-Asharah", "deir-ez-zor", 34.9194, 40.5567, ["Ashara", "Al-Ashara"], "town"),
    ("Gharanij", "deir-ez-zor", 34.7697, 40.6853, ["Granij"], "village"),
    ("Al-Baghuz", "deir-ez-zor", 34.4544, 40.9581, ["Baghouz", "Al-Baghouz Fawqani"], "village"),
    ("Khasham", "deir-ez-zor", 35.2667, 40.3000, ["Khsham"], "village"),
    ("Al-Sousa", "deir-ez-zor", 34.5333, 40.9000, ["Sousa", "Al-Susah"], "village"),
    ("Qamishli", "hasakah", 37.0522, 41.2231, ["Qamishlo", "Al-Qamishli"], "city"),
    ("Ras al-Ayn", "hasakah", 36.8503, 40.0706, ["Serekaniye", "Ras al-Ain"], "town"),
    ("Al-Shaddadi", "hasakah", 36.0553, 40.7300, ["Shaddadi", "Al-Shadadi"], "town"),
    ("Amuda", "hasakah", 37.1042, 40.9300, ["Amude"], "town"),
    ("Al-Malikiyah", "hasakah", 37.1769, 42.1392, ["Derik", "Malikiyah"], "town"),
    ("Al-Hawl", "hasakah", 36.3833, 41.1500, ["Hawl", "Al-Hol town"], "town"),
    ("Tell Tamer", "hasakah", 36.6500, 40.3700, ["Tal Tamr", "Tell Tamr"], "town"),
    ("Al-Qahtaniyah", "hasakah", 37.0400, 41.6000, ["Tirbespiye", "Qahtaniyah"], "town"),
    ("Al-Yarubiyah", "hasakah", 36.8100, 42.0600, ["Tel Kocher", "Yarubiyah"], "town"),
    ("Al-Darbasiyah", "hasakah", 37.0700, 40.6500, ["Darbasiyah", "Derbasiye"], "town"),
]

# Facilities, sites and regions: name, governorate key (or None), lat, lon, aliases, kind, precision
SITES = [
    ("Al-Hol camp", "hasakah", 36.3728, 41.1502, ["Al-Hawl camp", "Hol camp"], "facility", "site"),
    ("Ghwayran prison", "hasakah", 36.4896, 40.7414, ["Al-Sinaa prison", "Gweiran prison"], "facility", "site"),
    ("T4 airbase", "homs", 34.5225, 37.6297, ["Tiyas airbase", "Tiyas military airbase"], "facility", "site"),
    ("Al-Tanf garrison", "homs", 33.4989, 38.6556, ["Al-Tanf base", "Tanf garrison"], "facility", "site"),
    ("Mezzeh airbase", "damascus", 33.4778, 36.2233, ["Mezzeh military airport"], "facility", "site"),
    ("Conoco gas field", "deir-ez-zor", 35.3917, 40.3000, ["Conoco field", "Koniko gas field"], "site", "site"),
    ("Al-Omar oil field", "deir-ez-zor", 34.9961, 40.5647, ["Omar oil field", "Al-Omar field"], "site", "site"),
    ("Nassib border crossing", "daraa", 32.5444, 36.2161, ["Nasib crossing", "Jaber crossing"], "site", "site"),
    ("Bab al-Hawa crossing", "idlib", 36.2347, 36.6650, ["Bab al-Hawa", "Cilvegozu crossing"], "site", "site"),
    ("Al-Qaim crossing", "deir-ez-zor", 34.3917, 40.9833, ["Albu Kamal crossing"], "site", "site"),
]
REGIONS = [
    ("Syrian Desert", 34.5, 38.5, ["Badia", "Badiya", "Badia desert"]),
    ("Qalamoun", 33.9, 36.6, ["Qalamoun Mountains", "Qalamun"]),
    ("Hauran", 32.75, 36.2, ["Houran", "Hawran"]),
    ("Jazira", 36.6, 40.5, ["Al-Jazira region", "Upper Mesopotamia"]),
    ("Euphrates Valley", 35.0, 40.4, ["Middle Euphrates", "Euphrates river valley"]),
    ("Ghab Plain", 35.6, 36.35, ["Al-Ghab", "Sahl al-Ghab"]),
]

VILLAGE_PREFIX = ["Tell", "Kafr", "Deir", "Ain", "Khirbet", "Beit", "Jisr", "Maarat", "Qasr", "Ras",
                  "Umm", "Bir", "Jabal", "Hawsh", "Marj", "Sheikh", "Mazraat", "Wadi", "Tallat", "Qaryat"]
VILLAGE_ROOT = ["al-Hamra", "Hamdan", "Shams", "al-Jadida", "Zeitoun", "Aswad", "al-Kabir", "al-Saghir",
                "al-Qadim", "Salim", "Hassan", "al-Nahr", "al-Tut", "Rumman", "al-Ward", "Khalil",
                "Tahtani", "Fawqani", "Yusuf", "al-Nabi", "Dahab", "Hajar", "Sultan", "Baraka", "al-Nour",
                "Safa", "Marwan", "al-Sharqi", "al-Gharbi", "Abbas", "al-Ruz", "Hamid", "Jamus", "Kurdi",
                "al-Tin", "Ghazal", "Mahmud", "al-Arbain", "Shaikh Ali", "Qasim", "al-Bayda", "Sabah"]
TRANSLIT = [("Tell ", "Tal "), ("Kafr ", "Kfar "), ("Deir ", "Dayr "), ("Ain ", "Ayn "),
            ("Khirbet ", "Khirbat "), ("Beit ", "Bayt "), ("Maarat ", "Ma'arat "), ("Qasr ", "Kasr "),
            ("Umm ", "Um "), ("Sheikh ", "Shaykh "), ("Mazraat ", "Mazra'at "), ("Hawsh ", "Housh "),
            ("Qaryat ", "Qariat "), ("Jabal ", "Jebel "), ("Tallat ", "Talat "), ("Wadi ", "Wady "),
            ("Bir ", "Beer "), ("Marj ", "Marij "), ("Jisr ", "Jesr ")]
TRANSLIT2 = [("al-", "el-"), ("ou", "u"), ("Qa", "Ka"), ("Hamdan", "Hamadan"), ("Yusuf", "Youssef"),
             ("Mahmud", "Mahmoud"), ("Hassan", "Hasan"), ("Zeitoun", "Zaytun")]

# --- actors -----------------------------------------------------------------------------------
# Articles: "the" → "the" before name and aliases; "name" → before the name only; "" → never.
# id, name, kind, aliases, part_of, article, extra (minister title / nationality / governorate)
CORE_ACTORS = [
    ("syria", "Syrian Arab Republic", "state", ["Syrian state"], None, "the", {"nation": "syria"}),
    ("united-states", "United States", "state", ["U.S.", "United States of America"], None, "the",
     {"nation": "us"}),
    ("turkey", "Turkey", "state", ["Turkiye", "Republic of Turkey"], None, "", {"nation": "tr"}),
    ("russia", "Russia", "state", ["Russian Federation"], None, "", {"nation": "ru"}),
    ("syrian-government", "Syrian government", "government",
     ["Damascus government", "Syrian transitional government"], "syria", "the", {}),
    ("syria-interior-ministry", "Syrian Interior Ministry", "ministry", ["Ministry of Interior", "MoI"],
     "syrian-government", "the", {"minister": "Interior Minister"}),
    ("syria-defence-ministry", "Syrian Defence Ministry", "ministry",
     ["Ministry of Defence", "Syrian Defense Ministry"], "syrian-government", "the",
     {"minister": "Defence Minister"}),
    ("syria-foreign-ministry", "Syrian Foreign Ministry", "ministry",
     ["Ministry of Foreign Affairs and Expatriates"], "syrian-government", "the",
     {"minister": "Foreign Minister"}),
    ("centcom", "US Central Command", "military-command", ["CENTCOM", "U.S. Central Command"],
     "us-department-of-defense", "name", {}),
    ("us-military", "US military", "military", ["US forces", "American forces"], "united-states", "the", {}),
    ("global-coalition", "Global Coalition to Defeat ISIS", "coalition", ["Global Coalition", "D-ISIS Coalition"],
     None, "the", {}),
    ("general-security-service", "General Security Service", "security-force",
     ["General Security", "Public Security Service", "GSS"], "syria-interior-ministry", "the", {}),
    ("syrian-army", "Syrian Army", "military", ["new Syrian army", "Syrian Arab Army"], "syria-defence-ministry",
     "the", {}),
    ("isis", "Islamic State", "armed-group", ["ISIS", "ISIL", "Daesh", "Islamic State of Iraq and Syria"],
     None, "name", {}),
    ("sdf", "Syrian Democratic Forces", "armed-group", ["SDF", "QSD"], None, "the", {"gov": "hasakah"}),
    ("hts", "Hayat Tahrir al-Sham", "armed-group", ["HTS", "Hay'at Tahrir al-Sham", "Tahrir al-Sham"], None, "", {}),
    ("sana", "Syrian Arab News Agency", "media", ["SANA"], "syria", "name", {}),
    ("sohr", "Syrian Observatory for Human Rights", "media", ["SOHR", "Syrian Observatory"], None, "name", {}),
    ("us-department-of-defense", "US Department of Defense", "ministry", ["Pentagon", "DoD"], "united-states",
     "the", {"minister": "US Secretary of Defense"}),
]

EXTRA_ACTORS = [
    ("iran", "Iran", "state", ["Islamic Republic of Iran"], None, "", {"nation": "ir"}),
    ("iraq", "Iraq", "state", ["Republic of Iraq"], None, "", {"nation": "arab"}),
    ("jordan", "Jordan", "state", ["Hashemite Kingdom of Jordan"], None, "", {"nation": "arab"}),
    ("israel", "Israel", "state", ["State of Israel"], None, "", {"nation": "us"}),
    ("lebanon", "Lebanon", "state", ["Lebanese Republic"], None, "", {"nation": "arab"}),
    ("qatar", "Qatar", "state", ["State of Qatar"], None, "", {"nation": "arab"}),
    ("saudi-arabia", "Saudi Arabia", "state", ["KSA", "Kingdom of Saudi Arabia"], None, "", {"nation": "arab"}),
    ("united-arab-emirates", "United Arab Emirates", "state", ["UAE", "Emirates"], None, "the", {"nation": "arab"}),
    ("united-kingdom", "United Kingdom", "state", ["UK", "Britain"], None, "the", {"nation": "us"}),
    ("france", "France", "state", ["French Republic"], None, "", {"nation": "us"}),
    ("germany", "Germany", "state", ["Federal Republic of Germany"], None, "", {"nation": "us"}),
    ("syrian-presidency", "Syrian Presidency", "government", ["Presidency of the Syrian Arab Republic"],
     "syrian-government", "the", {}),
    ("aanes", "Autonomous Administration of North and East Syria", "government",
     ["AANES", "Autonomous Administration"], None, "the", {"gov": "hasakah"}),
    ("syria-justice-ministry", "Syrian Justice Ministry", "ministry", ["Ministry of Justice"], "syrian-government",
     "the", {"minister": "Justice Minister"}),
    ("syria-information-ministry", "Syrian Information Ministry", "ministry", ["Ministry of Information"],
     "syrian-government", "the", {"minister": "Information Minister"}),
    ("syria-local-administration-ministry", "Syrian Ministry of Local Administration", "ministry",
     ["Ministry of Local Administration and Environment"], "syrian-government", "the",
     {"minister": "Local Administration Minister"}),
    ("syria-energy-ministry", "Syrian Energy Ministry", "ministry", ["Ministry of Energy"], "syrian-government",
     "the", {"minister": "Energy Minister"}),
    ("syria-emergency-ministry", "Syrian Ministry of Emergency and Disaster Management", "ministry",
     ["Emergency Ministry"], "syrian-government", "the", {"minister": "Emergency Minister"}),
    ("syria-social-affairs-ministry", "Syrian Ministry of Social Affairs and Labour", "ministry",
     ["Social Affairs Ministry"], "syrian-government", "the", {"minister": "Social Affairs Minister"}),
    ("us-state-department", "US State Department", "ministry", ["State Department", "Department of State"],
     "united-states", "the", {"minister": "US Secretary of State"}),
    ("us-treasury", "US Treasury Department", "ministry", ["US Treasury", "Treasury Department"], "united-states",
     "the", {}),
    ("turkey-defence-ministry", "Turkish Defence Ministry", "ministry",
     ["Turkish Ministry of National Defence", "MSB"], "turkey", "the", {"minister": "Turkish Defence Minister"}),
    ("turkey-foreign-ministry", "Turkish Foreign Ministry", "ministry", ["Turkish Ministry of Foreign Affairs"],
     "turkey", "the", {"minister": "Turkish Foreign Minister"}),
    ("russia-defence-ministry", "Russian Defence Ministry", "ministry", ["Russian Ministry of Defence"], "russia",
     "the", {}),
    ("iraq-interior-ministry", "Iraqi Interior Ministry", "ministry", ["Iraqi Ministry of Interior"], "iraq",
     "the", {}),
    ("jordan-foreign-ministry", "Jordanian Foreign Ministry", "ministry", ["Jordanian Ministry of Foreign Affairs"],
     "jordan", "the", {}),
    ("cjtf-oir", "Combined Joint Task Force-Operation Inherent Resolve", "military-command",
     ["CJTF-OIR", "Inherent Resolve task force"], "centcom", "the", {}),
    ("syrian-air-force", "Syrian Air Force", "military", ["Syrian air force"], "syrian-army", "the", {}),
    ("turkish-armed-forces", "Turkish Armed Forces", "military", ["TSK", "Turkish military"], "turkey", "the", {}),
    ("russian-armed-forces", "Russian Armed Forces", "military", ["Russian military"], "russia", "the", {}),
    ("israel-defense-forces", "Israel Defense Forces", "military", ["IDF", "Israeli military"], "israel", "the", {}),
    ("jordanian-armed-forces", "Jordanian Armed Forces", "military", ["JAF", "Arab Army"], "jordan", "the", {}),
    ("iraqi-army", "Iraqi Army", "military", ["Iraqi armed forces"], "iraq", "the", {}),
    ("syrian-border-guard", "Syrian Border Guard", "security-force", ["Border Guard Forces"],
     "syria-interior-ministry", "the", {}),
    ("counter-terrorism-directorate", "Counter-Terrorism Directorate", "security-force",
     ["Syrian Counter-Terrorism Directorate"], "syria-interior-ministry", "the", {}),
    ("asayish", "Asayish", "security-force", ["Asayesh", "Kurdish Internal Security Forces"], "aanes", "the",
     {"gov": "hasakah"}),
    ("iraqi-cts", "Iraqi Counter-Terrorism Service", "security-force", ["CTS", "Golden Division"],
     "iraq-interior-ministry", "the", {}),
    ("general-intelligence-directorate", "General Intelligence Directorate", "intelligence",
     ["GID", "Syrian General Intelligence"], "syrian-government", "the", {}),
    ("turkish-mit", "Turkish National Intelligence Organisation", "intelligence", ["MIT", "Turkish intelligence"],
     "turkey", "the", {}),
    ("iraqi-inis", "Iraqi National Intelligence Service", "intelligence", ["INIS"], "iraq", "the", {}),
    ("ypg", "People's Protection Units", "armed-group", ["YPG"], "sdf", "the", {"gov": "hasakah"}),
    ("sna", "Syrian National Army", "armed-group", ["SNA"], None, "the", {"gov": "aleppo"}),
    ("hurras-al-din", "Hurras al-Din", "armed-group", ["Huras al-Din", "Guardians of the Religion"], None, "",
     {"gov": "idlib"}),
    ("hezbollah", "Hezbollah", "armed-group", ["Hizballah", "Hizbullah"], None, "", {"gov": "homs"}),
    ("saraya-ansar-al-sunna", "Saraya Ansar al-Sunna", "armed-group", ["Ansar al-Sunna Companies"], None, "",
     {"gov": "homs"}),
    ("men-of-dignity", "Men of Dignity Movement", "armed-group", ["Rijal al-Karama"], None, "the",
     {"gov": "suwayda"}),
    ("eighth-brigade", "Eighth Brigade", "armed-group", ["8th Brigade", "Liwa al-Thamin"], None, "the",
     {"gov": "daraa"}),
    ("syrian-democratic-council", "Syrian Democratic Council", "political-group", ["SDC"], "sdf", "the", {}),
    ("kurdish-national-council", "Kurdish National Council", "political-group", ["KNC", "ENKS"], None, "the", {}),
    ("pyd", "Democratic Union Party", "political-group", ["PYD"], None, "the", {}),
    ("syrian-negotiation-commission", "Syrian Negotiation Commission", "political-group", ["SNC"], None, "the", {}),
    ("united-nations", "United Nations", "international-organisation", ["UN"], None, "the", {}),
    ("un-security-council", "UN Security Council", "international-organisation", ["UNSC", "Security Council"],
     "united-nations", "the", {}),
    ("unhcr", "UN Refugee Agency", "international-organisation", ["UNHCR"], "united-nations", "the", {}),
    ("opcw", "Organisation for the Prohibition of Chemical Weapons", "international-organisation", ["OPCW"], None,
     "the", {}),
    ("icrc", "International Committee of the Red Cross", "international-organisation", ["ICRC", "Red Cross"],
     None, "the", {}),
    ("undof", "UN Disengagement Observer Force", "international-organisation", ["UNDOF"], "united-nations", "the",
     {"gov": "quneitra"}),
    ("european-union", "European Union", "international-organisation", ["EU"], None, "the", {}),
    ("arab-league", "Arab League", "international-organisation", ["League of Arab States"], None, "the", {}),
    ("un-special-envoy-office", "Office of the UN Special Envoy for Syria", "international-organisation",
     ["OSES"], "united-nations", "the", {}),
    ("sarc", "Syrian Arab Red Crescent", "other", ["SARC"], None, "the", {}),
    ("snhr", "Syrian Network for Human Rights", "other", ["SNHR"], None, "the", {}),
    ("white-helmets", "Syria Civil Defence", "other", ["White Helmets", "Syrian Civil Defence"], None, "", {}),
    ("al-jazeera", "Al Jazeera", "media", ["Al Jazeera English"], None, "", {"nation": "arab"}),
    ("reuters", "Reuters", "media", ["Thomson Reuters"], None, "", {"nation": "us"}),
    ("afp", "Agence France-Presse", "media", ["AFP"], None, "", {"nation": "us"}),
    ("associated-press", "Associated Press", "media", ["AP"], None, "the", {"nation": "us"}),
    ("enab-baladi", "Enab Baladi", "media", ["Enab Baladi English"], None, "", {}),
    ("north-press", "North Press Agency", "media", ["North Press", "NPA"], None, "", {"gov": "hasakah"}),
    ("hawar-news", "Hawar News Agency", "media", ["ANHA", "Hawar"], None, "", {"gov": "hasakah"}),
    ("syria-tv", "Syria TV", "media", ["Televizyon Suriya"], None, "", {}),
    ("al-watan", "Al-Watan", "media", ["Al-Watan daily"], None, "", {}),
    ("asharq-al-awsat", "Asharq Al-Awsat", "media", ["Asharq al-Awsat newspaper"], None, "", {}),
    ("the-national", "The National", "media", ["The National News"], None, "", {"nation": "arab"}),
    ("isw", "Institute for the Study of War", "think-tank", ["ISW"], None, "the", {}),
    ("jusoor", "Jusoor Center for Studies", "think-tank", ["Jusoor"], None, "the", {}),
    ("omran", "Omran Center for Strategic Studies", "think-tank", ["Omran Center"], None, "the", {}),
    ("crisis-group", "International Crisis Group", "think-tank", ["Crisis Group", "ICG"], None, "the", {}),
    ("mei", "Middle East Institute", "think-tank", ["MEI"], None, "the", {}),
    ("carnegie-mec", "Carnegie Middle East Center", "think-tank", ["Carnegie Beirut"], None, "the", {}),
    ("washington-institute", "Washington Institute for Near East Policy", "think-tank", ["Washington Institute"],
     None, "the", {}),
    ("harmoon", "Harmoon Center for Contemporary Studies", "think-tank", ["Harmoon Center"], None, "the", {}),
]

ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}
GROUP_FORMS = [("Liwa", "Brigade"), ("Jaysh", "Army"), ("Saraya", "Companies"), ("Firqat", "Division"),
               ("Harakat", "Movement"), ("Kataib", "Battalions")]
GROUP_WORDS = [("al-Asifa", "Storm"), ("al-Saiqa", "Thunderbolt"), ("al-Buraq", "Lightning"),
               ("al-Nasr", "Victory"), ("al-Fath", "Conquest"), ("al-Izza", "Glory"), ("al-Tahrir", "Liberation"),
               ("al-Wad", "Promise"), ("al-Thabat", "Steadfastness"), ("al-Fajr", "Dawn"),
               ("al-Qadisiyya", "Qadisiyya"), ("al-Yarmouk", "Yarmouk"), ("al-Muhajirin", "Emigrants"),
               ("al-Ansar", "Supporters"), ("al-Hurriya", "Freedom"), ("al-Haqq", "Truth"),
               ("al-Sharqiya", "Eastern"), ("al-Janub", "Southern"), ("al-Shamal", "Northern"),
               ("al-Sumud", "Resilience"), ("al-Intisar", "Triumph"), ("al-Rayat", "Banners")]
TRIBES = ["Shaitat", "Baggara", "Akidat", "Jabour", "Shammar", "Tayy", "Bu Kamil", "Hadidiyin", "Mawali",
          "Naim", "Bu Saraya", "Bani Khalid", "Fadl", "Sharabiyin"]

# Personal names: (spelling, transliteration variant or None)
ARABIC_FIRST = [("Ahmed", "Ahmad"), ("Mohammed", "Muhammad"), ("Mahmoud", "Mahmud"), ("Hussein", "Husayn"),
                ("Omar", "Umar"), ("Youssef", "Yusuf"), ("Khaled", "Khalid"), ("Ali", None), ("Hassan", "Hasan"),
                ("Ibrahim", "Ebrahim"), ("Abdullah", "Abdallah"), ("Mustafa", "Mostafa"), ("Anas", None),
                ("Hamza", "Hamzah"), ("Bilal", None), ("Tariq", "Tareq"), ("Walid", "Waleed"), ("Fadi", None),
                ("Rami", None), ("Ziad", "Ziyad"), ("Nabil", None), ("Jamal", None), ("Karim", "Kareem"),
                ("Osama", "Usama"), ("Saleh", "Salih"), ("Adnan", None), ("Faisal", "Faysal"), ("Hisham", None),
                ("Marwan", None), ("Yasser", "Yasir"), ("Ayman", None), ("Rashid", "Rashed"),
                ("Suleiman", "Sulayman"), ("Abdulrahman", "Abd al-Rahman"), ("Abdulkarim", "Abd al-Karim"),
                ("Munir", "Mounir"), ("Issam", "Essam"), ("Louay", "Luay"), ("Nour", None), ("Rana", None),
                ("Huda", "Houda"), ("Lina", None), ("Hind", None), ("Reem", "Rim"), ("Salma", None),
                ("Maher", None), ("Ghassan", None), ("Wael", "Wa'il")]
ARABIC_FAMILY = [("al-Shami", None), ("al-Halabi", None), ("al-Homsi", None), ("al-Hamwi", None),
                 ("al-Idlibi", None), ("al-Deiri", "al-Dairi"), ("al-Khatib", "al-Khateeb"), ("Haddad", None),
                 ("al-Masri", None), ("al-Qasim", "al-Kassem"), ("al-Jabouri", "al-Jaburi"), ("al-Shammari", None),
                 ("al-Ubaid", "al-Obeid"), ("Darwish", "Darweesh"), ("al-Sayed", "al-Sayyid"),
                 ("Mansour", "Mansur"), ("Othman", "Uthman"), ("Nasser", "Nasir"), ("al-Najjar", None),
                 ("al-Zoubi", "al-Zubi"), ("al-Hariri", None), ("Qassab", "Kassab"), ("al-Moussa", "al-Musa"),
                 ("al-Ali", None), ("Suleiman", "Sulayman"), ("al-Hassan", "al-Hasan"), ("Barakat", None),
                 ("al-Kurdi", None), ("al-Tamimi", None), ("al-Aswad", None), ("Hijazi", "Hegazi"),
                 ("al-Rifai", "al-Refaei"), ("al-Abdullah", "al-Abdallah"), ("Khalil", None), ("al-Omari", None),
                 ("al-Saleh", "al-Salih"), ("Dabbagh", None), ("al-Fares", "al-Faris"), ("al-Bakkour", None),
                 ("Kanaan", "Kan'an")]
ENGLISH_FIRST = ["John", "Michael", "David", "James", "Robert", "Sarah", "Emily", "Daniel", "Thomas", "Laura",
                 "Mark", "Kevin", "Susan", "Rachel", "Andrew", "Peter", "Karen", "Brian", "Helen", "Joseph"]
ENGLISH_LAST = ["Miller", "Harris", "Carter", "Bennett", "Collins", "Foster", "Hughes", "Parker", "Reed",
                "Turner", "Walsh", "Morgan", "Palmer", "Fletcher", "Hayes", "Sullivan", "Warren", "Brooks",
                "Porter", "Grant"]
TURKISH_FIRST = [("Mehmet", None), ("Ahmet", None), ("Emre", None), ("Murat", None), ("Hakan", None),
                 ("Serkan", None), ("Burak", None), ("Elif", None), ("Ayse", "Ayşe"), ("Oguz", "Oğuz")]
TURKISH_LAST = [("Yilmaz", "Yılmaz"), ("Kaya", None), ("Demir", None), ("Sahin", "Şahin"), ("Celik", "Çelik"),
                ("Aydin", "Aydın"), ("Ozturk", "Öztürk"), ("Arslan", None), ("Dogan", "Doğan"), ("Kilic", "Kılıç")]
RUSSIAN_FIRST = [("Sergei", "Sergey"), ("Alexander", "Aleksandr"), ("Dmitry", "Dmitri"), ("Igor", None),
                 ("Nikolai", "Nikolay"), ("Andrei", "Andrey"), ("Oleg", None), ("Yuri", "Yury")]
RUSSIAN_LAST = [("Ivanov", None), ("Petrov", None), ("Smirnov", None), ("Volkov", None),
                ("Kuznetsov", "Kuznetsoff"), ("Sokolov", None), ("Morozov", None), ("Lebedev", None)]
PERSIAN_FIRST = [("Alireza", "Ali Reza"), ("Mohammad", None), ("Hossein", "Hosein"), ("Mehdi", "Mahdi"),
                 ("Reza", None), ("Hamid", None)]
PERSIAN_LAST = [("Ahmadi", None), ("Hosseini", "Husseini"), ("Rezaei", "Rezaee"), ("Moradi", None),
                ("Karimi", None), ("Jafari", "Ja'fari")]
RANKS = ["Brigadier General", "Major General", "Colonel", "Lieutenant Colonel", "Major", "Captain"]

GLOSSARY = [
    ("ied", "IED", "improvised explosive device", ["IEDs"],
     "A bomb built outside regular military production, often hidden at roadsides or in vehicles."),
    ("vbied", "VBIED", "vehicle-borne improvised explosive device", ["VBIEDs", "car bomb"],
     "An improvised explosive device packed into a vehicle and detonated by a driver or remotely."),
    ("manpads", "MANPADS", "man-portable air-defence system", [],
     "A shoulder-fired surface-to-air missile launcher."),
    ("uav", "UAV", "unmanned aerial vehicle", ["UAVs", "drone"],
     "An aircraft without a crew on board, used for surveillance or strikes."),
    ("atgm", "ATGM", "anti-tank guided missile", ["ATGMs"],
     "A guided missile designed to destroy armoured vehicles."),
    ("eod", "EOD", "explosive ordnance disposal", [],
     "The detection, rendering safe and disposal of unexploded munitions."),
    ("isr", "ISR", "intelligence, surveillance and reconnaissance", [],
     "The collection of information about an adversary, from aircraft, drones, satellites or people."),
    ("hvt", "HVT", "high-value target", ["HVTs"],
     "A person whose capture or death is expected to weaken an armed group significantly."),
    ("qrf", "QRF", "quick reaction force", [],
     "A unit kept on standby to respond rapidly to an emerging situation."),
    ("idp", "IDP", "internally displaced person", ["IDPs"],
     "Someone forced to leave their home who remains within their country's borders."),
    ("ddr", "DDR", "disarmament, demobilisation and reintegration", [],
     "A process by which fighters hand in weapons, leave armed groups and return to civilian life."),
    ("uxo", "UXO", "unexploded ordnance", [],
     "Munitions that did not detonate as intended and remain a danger long after fighting ends."),
    ("bda", "BDA", "battle damage assessment", [],
     "The estimate of the damage a strike has caused to its target."),
    ("sleeper-cell", "sleeper cell", None, ["sleeper cells"],
     "A group of militants living inconspicuously among civilians until activated for an attack."),
    ("hawala", "hawala", None, [],
     "An informal money-transfer system based on trust between brokers, used to move funds across borders."),
    ("kunya", "kunya", None, ["kunyas"],
     "An Arabic name of the form Abu (father of) or Umm (mother of), often used as a nom de guerre."),
    ("wilayah", "wilayah", None, ["wilayat"],
     "A province in the administrative structure that an armed group claims for itself."),
    ("bayah", "bay'ah", None, ["pledge of allegiance"],
     "An oath of allegiance to a leader, by which groups and individuals join a movement."),
    ("captagon", "Captagon", None, ["captagon pills"],
     "An amphetamine-type stimulant trafficked in large quantities through and from the region."),
    ("deconfliction", "deconfliction", None, ["deconfliction line"],
     "Arrangements between forces operating in the same area to avoid accidental clashes."),
    ("cordon-and-search", "cordon-and-search", None, ["cordon and search"],
     "An operation in which an area is sealed off and then searched for suspects or weapons."),
    ("exfiltration", "exfiltration", None, [],
     "The covert removal of people from hostile territory."),
    ("safe-house", "safe house", None, ["safe houses"],
     "A dwelling used secretly by an armed group to hide people, weapons or money."),
    ("checkpoint", "checkpoint", None, ["checkpoints"],
     "A fixed or temporary barrier where security forces stop and search people and vehicles."),
    ("mrap", "MRAP", "mine-resistant ambush-protected vehicle", ["MRAPs"],
     "An armoured vehicle designed to survive mine and roadside-bomb blasts."),
    ("sof", "SOF", "special operations forces", [],
     "Small, highly trained military units used for raids, reconnaissance and training partners."),
    ("jdam", "JDAM", "Joint Direct Attack Munition", [],
     "A kit that turns an unguided bomb into a satellite-guided one."),
    ("rpg", "RPG", "rocket-propelled grenade", ["RPGs"],
     "A shoulder-fired weapon that launches an explosive warhead."),
    ("tribal-council", "tribal council", None, ["majlis"],
     "An assembly of tribal elders that settles disputes and negotiates with authorities."),
    ("amnesty-decree", "amnesty decree", None, ["general amnesty"],
     "A decree that cancels or reduces sentences for specified offences."),
    ("humanitarian-corridor", "humanitarian corridor", None, ["humanitarian corridors"],
     "A route agreed for the safe passage of civilians or aid through a conflict zone."),
]

OP_ADJ = ["Iron", "Steel", "Desert", "Eastern", "Northern", "Silent", "Swift", "Resolute", "Crimson", "Golden",
          "Black", "Stone", "Thunder", "Southern", "Western", "Night", "Hidden", "Burning", "Frozen", "Long",
          "Bright", "Shadow", "Sharp", "Falling", "Rising", "Open", "Clear", "Distant", "Final", "Patient"]
OP_NOUN = ["Dawn", "Shield", "Storm", "Hammer", "Lance", "Harvest", "Anvil", "Talon", "Ember", "Sweep",
           "Arrow", "Gate", "River", "Falcon", "Citadel", "Compass", "Horizon", "Sentinel", "Spear", "Wall",
           "Tide", "Watch", "Vigil", "Harbour", "Summit", "Ridge", "Bridge", "Lantern", "Anchor", "Strike"]

STATEMENTS = [
    "the operation had dismantled a cell planning attacks on civilians",
    "security forces would continue to pursue the remaining cells",
    "those detained would be referred to the judiciary",
    "the area was now fully under the control of security forces",
    "investigations into the network's financing were continuing",
    "cooperation with international partners had made the operation possible",
    "no civilians had been harmed during the operation",
    "the weapons recovered included rockets and explosive belts",
    "the attackers had crossed from the desert overnight",
    "the government would compensate the families of the victims",
    "several of the suspects were wanted for earlier attacks",
    "the cell had been under surveillance for weeks",
    "more arrests were expected in the coming days",
    "the checkpoints around the town would be reinforced",
    "the operation was coordinated with local tribal leaders",
]
VICTIM_STATEMENTS = [
    "the attackers would be brought to justice",
    "security had been tightened around the area",
    "the victims had been on duty at the time of the attack",
    "an investigation had been opened into the attack",
    "the attack would not deter security forces from their work",
]
DIRECT_VICTIM = [
    "Those who carried out this cowardly attack will be found",
    "Our forces will not be intimidated",
    "We hold the cells behind this attack fully responsible",
]
DIRECT_QUOTES = [
    "We will not allow these cells to threaten the security of our citizens",
    "This operation shows what close coordination can achieve",
    "Anyone who carries weapons outside the law will be held to account",
    "The security of the region depends on cooperation, not on slogans",
    "We are determined to close this chapter for good",
    "Our forces acted on precise intelligence",
]
TOPICS = ["counter-terrorism cooperation", "border security", "the return of displaced families",
          "detention camps in the north-east", "the integration of armed factions into the army",
          "reconstruction funding", "the lifting of sanctions", "prisoner exchanges", "water and electricity supply",
          "the security situation in the south", "combating drug smuggling", "the fate of missing persons"]
WEAPONS = [("rifles", "rifles"), ("rockets", "rockets"), ("anti-tank missiles", "anti-tank missiles"),
           ("explosive belts", "explosive belts"), ("mortar rounds", "mortar rounds"),
           ("kilograms of explosives", "kilograms of explosives"), ("drones", "drones"),
           ("machine guns", "machine guns"), ("million Captagon pills", "million Captagon pills")]
HIDEOUTS = ["hideout", "safe house", "farm", "warehouse", "cave complex", "apartment", "compound"]
CONTEXT_LINES = [
    "Security in eastern Syria remains fragile, with cells operating from the desert.",
    "The area has seen repeated attacks on checkpoints in recent months.",
    "Residents said movement between villages had been restricted for several days.",
    "Local officials said services in the area were slowly being restored.",
    "The incidents come amid efforts to rebuild state institutions after years of war.",
    "Humanitarian organisations have warned that insecurity is hampering aid deliveries.",
    "Tribal leaders in the region have called for greater coordination with the authorities.",
    "Analysts say the cells exploit gaps between the areas held by different forces.",
    "Smuggling routes across the border have long supplied weapons and drugs to armed groups.",
    "Thousands of families displaced by earlier fighting have yet to return home.",
]


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + k
    return total // 12, total % 12 + 1


MONTH = [calendar.month_name[i] for i in range(13)]
WEEKDAY = list(calendar.day_name)
ATTRIBUTIONS = ["according to local sources", "security sources said", "according to an official statement",
                "residents said", "a local official said", "according to activists in the area",
                "according to a military source"]
PLURAL_NOUNS = {"arrests", "strikes", "clashes", "talks"}
FIGURE_TEXT = {"killed": "{n} killed", "injured": "{n} injured", "arrested": "{n} arrested",
               "sites-destroyed": "{n} {unit} destroyed", "weapons-seized": "{n} {unit} seized",
               "personnel-deployed": "{n} personnel deployed", "positions-vacated": "{n} positions vacated",
               "abducted": "{n} people abducted", "displaced": "{n} families displaced"}
DETAILS = {
    "raid": ["Those detained were taken to {city} for questioning, security sources said",
             "The raid lasted about {hours} hours and involved armoured vehicles and drones",
             "Residents reported hearing gunfire and explosions during the night of the {noun}"],
    "arrest": ["Those detained were transferred to a facility in {city} for questioning",
               "Security sources said the suspects had been planning attacks on checkpoints",
               "The arrests followed a tip-off from local residents, according to the same sources"],
    "airstrike": ["Footage shared online showed plumes of smoke rising over the targeted area",
                  "The strikes came after {hours} days of surveillance flights over the area",
                  "Witnesses said drones had been seen circling the area before the strikes"],
    "attack": ["The wounded were taken to the national hospital in {city}",
               "The attackers fled towards the desert after the attack, witnesses said",
               "Security forces closed the roads leading to the area after the attack"],
    "bombing": ["The wounded were taken to hospitals in {city}, medical sources said",
                "The blast damaged several shops and vehicles nearby",
                "Security forces cordoned off the site of the explosion for {hours} hours"],
    "armed-clash": ["The fighting lasted for {hours} hours before local mediators intervened",
                    "Families fled the nearby villages as the clashes intensified",
                    "Both sides sent reinforcements to the area during the fighting"],
    "seizure": ["The seized items were displayed to journalists in {city}",
                "The weapons were found hidden in a truck at a checkpoint",
                "Officials said the shipment had been intended for armed cells in the area"],
    "weapons-destroyed": ["Engineering teams detonated the munitions on site",
                          "The caches were found in caves and abandoned farms",
                          "Officials said the caches contained mortar rounds and explosives"],
    "deployment": ["The convoy included armoured vehicles and heavy machine guns",
                   "Officials said the forces would remain until security was restored",
                   "The reinforcements arrived from {city} on the same day"],
    "withdrawal": ["Local forces took over the vacated positions",
                   "The withdrawal was completed within {hours} days",
                   "Residents reported convoys leaving the area towards {city}"],
    "statement": ["The remarks were carried by state media",
                  "The statement was published on official social media channels"],
    "report": ["The report was based on testimonies collected by local researchers",
               "The figures could not be independently verified"],
    "meeting": ["The meeting lasted about {hours} hours, officials said",
                "No joint statement was issued after the meeting"],
    "diplomatic": ["The delegation was received at the foreign ministry in Damascus",
                   "The visit was the first of its kind in months"],
    "agreement": ["The text of the agreement was not made public",
                  "The agreement will be implemented in stages, officials said"],
    "organisation": ["The group's fighters will keep their weapons until the process is complete",
                     "The announcement was read out at a ceremony attended by local notables"],
    "political-change": ["The decision was announced in an official decree",
                         "No reason was given for the decision"],
    "other": ["Traffic resumed within {hours} hours of the announcement",
              "Engineers had cleared the road of debris and unexploded ordnance"],
}
REGION_TAG = {"damascus": "capital", "rif-dimashq": "capital", "aleppo": "north", "idlib": "north-west",
              "hama": "centre", "homs": "centre", "latakia": "coast", "tartus": "coast", "raqqa": "north-east",
              "deir-ez-zor": "east", "hasakah": "north-east", "daraa": "south", "suwayda": "south",
              "quneitra": "south"}
SUMMARY_CONTEXT = {
    "raid": ["Raids of this kind have become frequent as the authorities pursue remaining cells.",
             "The raid followed weeks of surveillance, according to officials."],
    "arrest": ["The authorities did not publish the names of those detained.",
               "Detentions of this kind are rarely followed by public trials."],
    "airstrike": ["Strikes are usually announced by the force that carries them out, often days later.",
                  "Independent confirmation of strike results is rarely available."],
    "attack": ["Attacks on checkpoints remain the most common form of violence in the area.",
               "Casualty figures in the first hours after attacks often change."],
    "bombing": ["Casualty figures in the first hours after bombings often change.",
                "Improvised explosive devices remain a leading cause of casualties."],
    "armed-clash": ["Each side blamed the other for starting the fighting.",
                    "Local mediation efforts had failed to prevent the escalation."],
    "seizure": ["Seized weapons are usually displayed to the press before being destroyed.",
                "Officials said the items were destined for armed cells."],
    "weapons-destroyed": ["Cache sites are often located in remote farms and caves.",
                          "Destroying caches denies armed cells their supplies."],
    "deployment": ["The deployment followed a rise in attacks in the area.",
                   "Reinforcements are typically drawn from neighbouring governorates."],
    "withdrawal": ["The positions were handed over to local forces.",
                   "The withdrawal was described as part of a planned redeployment."],
    "statement": ["The statement was published on official channels.",
                  "The remarks were carried by state media."],
    "report": ["The figures could not be independently verified.",
               "The report relies on local networks of contacts."],
    "meeting": ["No joint statement was issued after the meeting.",
                "Both sides described the talks as constructive."],
    "diplomatic": ["The visit was the latest in a series of diplomatic contacts.",
                   "No agreement was announced at the end of the talks."],
    "agreement": ["The text of the agreement was not published.",
                  "Implementation details were left to technical committees."],
    "organisation": ["The announcement is part of a wider effort to bring armed factions under state control.",
                     "The group's fighters are expected to keep their local command for now."],
    "political-change": ["The decision was announced in an official decree.",
                         "No reason for the decision was given."],
    "other": ["Traffic resumed shortly after the announcement.", "Residents welcomed the reopening."],
}
QUAL_TEXT = {"exactly": "", "over": "more than ", "at-least": "at least ", "about": "about ", "up-to": "up to ",
             "several": "several ", "dozens": "dozens: "}
NUM_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def day_text(d: date, year: bool = True) -> str:
    return f"{d.day} {MONTH[d.month]} {d.year}" if year else f"{d.day} {MONTH[d.month]}"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Spellings:
    """One spelling, one record (casefolded): names and aliases of actors, places, operations, terms."""

    def __init__(self) -> None:
        self.taken: dict[str, str] = {}

    def free(self, spelling: str) -> bool:
        return spelling.casefold() not in self.taken

    def claim(self, spelling: str, owner: str) -> bool:
        key = spelling.casefold()
        if key in self.taken:
            return self.taken[key] == owner
        self.taken[key] = owner
        return True

    def aliases(self, owner: str, name: str, candidates: list[str]) -> list[str]:
        out: list[str] = []
        for alias in candidates:
            if alias and alias.casefold() != name.casefold() and alias not in out and self.claim(alias, owner):
                out.append(alias)
        return out


# ---------------------------------------------------------------------------------------------
# Records under construction
# ---------------------------------------------------------------------------------------------


@dataclass
class Actor:
    id: str
    name: str
    kind: str
    aliases: list[str]
    part_of: str | None
    article: str
    extra: dict
    description: str = ""
    # persons
    mention: str = ""            # how documents introduce the person ("Interior Minister X")
    title: str = ""              # the office, as the title record states it
    rank: str = ""
    alt_rank: str = ""           # a rank some sources give instead (a claim disagreement)
    # filled while rendering
    source: tuple | None = None  # (document, quote)
    title_source: tuple | None = None
    rank_claims: dict = field(default_factory=dict)  # rank → (document, quote)
    uses: int = 0

    def phrase(self, rng: Random) -> str:
        """How a sentence names the actor: usually the name, sometimes an alias, with its article."""
        text = self.name
        if self.kind != "person" and self.text_aliases and rng.random() < 0.2:
            text = rng.choice(self.text_aliases)
            return ("the " + text) if self.article == "the" else text  # "name": the name only
        return ("the " + text) if self.article in ("the", "name") else text

    @property
    def label(self) -> str:
        """The name with its article, as running text uses it."""
        return ("the " + self.name) if self.article in ("the", "name") else self.name

    @property
    def plural(self) -> bool:
        return self.name.rsplit(" ", 1)[-1] in ("Forces", "forces", "Units")

    @property
    def text_aliases(self) -> list[str]:
        return [a for a in self.aliases if not a.startswith(("Republic", "State of", "Kingdom", "Federal",
                                                             "Islamic Republic", "Hashemite", "Lebanese",
                                                             "French", "Syrian state"))]


@dataclass
class Place:
    id: str
    name: str
    kind: str
    aliases: list[str]
    governorate: str | None
    lat: float
    lon: float
    precision: str
    gov_key: str | None
    weight: float
    description: str = ""
    source: tuple | None = None


@dataclass
class Operation:
    id: str
    name: str
    aliases: list[str]
    conducted_by: list[str]
    supported_by: list[str]
    govs: list[str]
    start: date
    end: date
    target: str
    events: list = field(default_factory=list)
    source: tuple | None = None


@dataclass
class Event:
    index: int
    type: str
    dkind: str           # day, day~, day?, month, month-q, month~, range, mrange
    lo: date
    hi: date             # latest day the date can mean (documents are published on or after it)
    edtf: str
    qualifier: str | None
    places: list[str]
    gov: str
    operation: str | None = None
    actors: list = field(default_factory=list)  # (actor id, role)
    figures: list = field(default_factory=list)  # planned: dict(measure, n, ...)
    id: str = ""
    title: str = ""
    summary: str = ""
    tags: list = field(default_factory=list)
    date_note: str | None = None
    sources: list = field(default_factory=list)      # (document, quote)
    fig_out: list = field(default_factory=list)      # figure records
    claims: list = field(default_factory=list)
    primary: int = -1
    secondary: int = -1
    disagree: bool = False
    credibility: int = 3
    noun: str = "incident"
    core: str = ""
    detail: str = ""
    where_text: str = ""


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


class Corpus:
    def __init__(self, n_events: int, seed: int = 0, progress=None):
        if n_events < 1:
            raise ValueError("n_events must be at least 1")
        self.n = n_events
        self.rng = Random(f"briefing-bench:{seed}")
        self.progress = progress or (lambda message: None)
        self.names = Spellings()
        years = clamp(n_events / 3000, 1.0, 3.0)
        self.start = END_DATE - timedelta(days=round(365 * years) - 1)
        self.actors: dict[str, Actor] = {}
        self.places: dict[str, Place] = {}
        self.operations: list[Operation] = []
        self.events: list[Event] = []
        self.documents: list[dict] = []

    # --- glossary -----------------------------------------------------------------------------

    def build_glossary(self) -> list[dict]:
        terms = []
        for term_id, term, expansion, aliases, definition in GLOSSARY:
            self.names.claim(term, "term:" + term_id)
            record = {"id": term_id, "term": term}
            if expansion:
                record["expansion"] = expansion
            record["aliases"] = self.names.aliases("term:" + term_id, term, aliases)
            record["definition"] = definition
            terms.append(record)
        return terms

    # --- places -------------------------------------------------------------------------------

    def build_places(self) -> None:
        rng = self.rng
        target = int(clamp(self.n // 20, 40, 500))
        add = self._add_place
        add("syria", "Syria", "country", [], None, 34.8, 38.99, "country", None, 0,
            "The country; used for events reported without a more precise location.")
        self.gov_ids = {}
        self.gov_capital = {}
        for key, gname, galiases, glat, glon, cname, caliases, clat, clon, weight in GOVERNORATES:
            gid = f"{key}-governorate"
            self.gov_ids[key] = gid
            add(gid, gname, "governorate", galiases, None, glat, glon, "governorate", key, weight * 0.6,
                f"One of Syria's fourteen governorates; its capital is {cname}.")
            cid = slugify(cname) if key != "damascus" else "damascus"
            if cid in self.places:
                cid += "-city"
            kind = "town" if key in ("quneitra", "rif-dimashq") else "city"
            add(cid, cname, kind, caliases, gid, clat, clon, "city" if kind == "city" else "town", key, weight * 1.5,
                f"Capital of {gname}.")
            self.gov_capital[key] = cid
        for name, key, lat, lon, aliases, kind, precision in SITES:
            add(slugify(name), name, kind, aliases, self.gov_ids[key], lat, lon, precision, key, 2.0,
                f"A {kind} in {self.places[self.gov_ids[key]].name}.")
        for name, lat, lon, aliases in REGIONS:
            add(slugify(name), name, "region", aliases, None, lat, lon, "region", None, 0.5,
                "A region spanning more than one governorate.")
        towns = list(TOWNS)
        rng.shuffle(towns)
        weights = {g[0]: g[-1] for g in GOVERNORATES}
        for name, key, lat, lon, aliases, kind in towns:
            if len(self.places) >= target:
                break
            add(slugify(name), name, kind, aliases, self.gov_ids[key], lat, lon, "town", key,
                weights[key] * rng.uniform(0.3, 1.5), f"A {kind} in {self.places[self.gov_ids[key]].name}.")
        # Synthetic villages near the real towns of a governorate.
        anchors: dict[str, list[tuple[float, float]]] = {}
        for key, *_, clat, clon, _weight in GOVERNORATES:
            anchors.setdefault(key, []).append((clat, clon))
        for name, key, lat, lon, *_ in TOWNS:
            anchors.setdefault(key, []).append((lat, lon))
        gov_keys = [g[0] for g in GOVERNORATES]
        gov_weights = [g[-1] for g in GOVERNORATES]
        attempts = 0
        while len(self.places) < target and attempts < 20000:
            attempts += 1
            key = rng.choices(gov_keys, gov_weights)[0]
            name = f"{rng.choice(VILLAGE_PREFIX)} {rng.choice(VILLAGE_ROOT)}"
            if rng.random() < 0.15:
                name += rng.choice([" al-Sharqi", " al-Gharbi", " al-Fawqani", " al-Tahtani"])
            pid = slugify(name)
            if pid in self.places or not self.names.free(name):
                continue
            alat, alon = rng.choice(anchors[key])
            spread = 0.35 if key in ("homs", "deir-ez-zor", "raqqa", "hasakah", "rif-dimashq") else 0.15
            lat = round(clamp(alat + rng.uniform(-spread, spread), BBOX[0] + 0.05, BBOX[1] - 0.05), 4)
            lon = round(clamp(alon + rng.uniform(-spread, spread), BBOX[2] + 0.05, BBOX[3] - 0.05), 4)
            variants = self._translit(name)
            kind = "village" if rng.random() < 0.7 else "town"
            add(pid, name, kind, variants, self.gov_ids[key], lat, lon, "town", key,
                weights[key] * rng.uniform(0.1, 0.8), f"A {kind} in {self.places[self.gov_ids[key]].name}.")
        self.place_list = list(self.places.values())
        self.places_by_gov: dict[str, list[Place]] = {}
        for place in self.place_list:
            if place.gov_key and place.kind != "governorate":
                self.places_by_gov.setdefault(place.gov_key, []).append(place)

    def _translit(self, name: str) -> list[str]:
        out = []
        for old, new in TRANSLIT:
            if name.startswith(old):
                out.append(new + name[len(old):])
                break
        base = out[0] if out else name
        for old, new in TRANSLIT2:
            if old in base:
                variant = base.replace(old, new)
                if variant != name and variant not in out:
                    out.append(variant)
                break
        return out[:2]

    def _add_place(self, pid, name, kind, aliases, governorate, lat, lon, precision, gov_key, weight, description):
        if pid in self.places or not self.names.claim(name, "place:" + pid):
            return
        aliases = self.names.aliases("place:" + pid, name, aliases)
        self.places[pid] = Place(pid, name, kind, aliases, governorate, lat, lon, precision, gov_key, weight,
                                 description)

    # --- actors -------------------------------------------------------------------------------

    def build_actors(self) -> None:
        rng = self.rng
        target = int(clamp(self.n // 25, 30, 600))
        nonperson_target = max(len(CORE_ACTORS), round(target * 0.62))
        pool = list(EXTRA_ACTORS) + self._generated_actor_pool()
        rng.shuffle(pool)
        chosen = list(CORE_ACTORS)
        ids = {a[0] for a in chosen}
        # Parents first: an actor whose part_of is not chosen gets its parent pulled in.
        by_id = {a[0]: a for a in pool}
        for entry in pool:
            if len(chosen) >= nonperson_target:
                break
            if entry[0] in ids:
                continue
            chain = []
            current = entry
            while current is not None and current[0] not in ids:
                chain.append(current)
                current = by_id.get(current[4]) if current[4] else None
            for item in reversed(chain):
                chosen.append(item)
                ids.add(item[0])
        for aid, name, kind, aliases, part_of, article, extra in chosen:
            if not self.names.claim(name, "actor:" + aid):
                continue
            actor = Actor(aid, name, kind, self.names.aliases("actor:" + aid, name, aliases), part_of, article,
                          dict(extra))
            actor.description = self._describe(actor)
            self.actors[aid] = actor
        for actor in self.actors.values():  # parents missing (name clash) → detach
            if actor.part_of and actor.part_of not in self.actors:
                actor.part_of = None
        persons = target - len(self.actors)
        self._build_persons(max(persons, 8))
        self._index_actors()

    def _generated_actor_pool(self) -> list[tuple]:
        pool = []
        for key, gname, *_ in GOVERNORATES:
            short = gname.removesuffix(" Governorate")
            pool.append((f"{key}-internal-security", f"{short} Internal Security Command", "security-force",
                         [f"{short} Security Directorate", f"Internal Security in {short}"],
                         "general-security-service", "the", {"gov": key}))
            pool.append((f"{key}-police", f"{short} Police Command", "security-force", [f"{short} police"],
                         "syria-interior-ministry", "the", {"gov": key}))
            for label in ("24", "Now", "Voice"):
                if label == "Voice":
                    name, alias = f"Voice of {short}", f"Sawt {short}"
                else:
                    name, alias = f"{short} {label}", f"{short} {label} network"
                pool.append((slugify(name), name, "media", [alias], None, "", {"gov": key}))
        for number in range(1, 81):
            suffix = ORDINALS.get(number % 10 if number % 100 not in (11, 12, 13) else 0, "th")
            ordinal = f"{number}{suffix}"
            pool.append((f"syrian-army-{ordinal}-division", f"Syrian Army {ordinal} Division", "military",
                         [f"{ordinal} Division"], "syrian-army", "the", {}))
        gov_keys = [g[0] for g in GOVERNORATES]
        for (form, form_en) in GROUP_FORMS:
            for (word, word_en) in GROUP_WORDS:
                name = f"{form} {word}"
                alias = f"{word_en} {form_en}"
                home = gov_keys[(len(pool) * 7) % len(gov_keys)]
                pool.append((slugify(name), name, "armed-group", [alias, name.replace("al-", "el-")], None, "",
                             {"gov": home}))
        for tribe in TRIBES:
            name = f"{tribe} tribal forces"
            pool.append((slugify(name), name, "armed-group", [f"{tribe} tribe fighters", f"{tribe} militia"], None,
                         "the", {"gov": "deir-ez-zor"}))
        return pool

    def _describe(self, actor: Actor) -> str:
        kind = actor.kind.replace("-", " ")
        parent = self.actors.get(actor.part_of) if actor.part_of else None
        where = actor.extra.get("gov")
        text = {
            "state": f"{actor.name}, a state whose forces or diplomats appear in the briefing.",
            "armed-group": f"An armed group{' active mainly in ' + self._gov_name(where) if where else ''}.",
            "media": f"A news outlet{' covering ' + self._gov_name(where) if where else ''}.",
            "think-tank": "A research institute that publishes analysis on Syria.",
        }.get(actor.kind, f"A {kind}{' under ' + parent.name if parent else ''}.")
        if actor.aliases:
            text += f" Also written {actor.aliases[0]}."
        return text

    def _gov_name(self, key: str) -> str:
        for g in GOVERNORATES:
            if g[0] == key:
                return g[1]
        return key

    def _nation(self, actor: Actor | None) -> str:
        seen = 0
        while actor is not None and seen < 10:
            if "nation" in actor.extra:
                return actor.extra["nation"]
            if actor.kind == "international-organisation" or actor.kind == "think-tank":
                return "us"
            actor = self.actors.get(actor.part_of) if actor.part_of else None
            seen += 1
        return "syria"

    def _person_name(self, nation: str) -> tuple[str, list[str]]:
        rng = self.rng
        if nation == "us":
            return f"{rng.choice(ENGLISH_FIRST)} {rng.choice(ENGLISH_LAST)}", []
        tables = {"tr": (TURKISH_FIRST, TURKISH_LAST), "ru": (RUSSIAN_FIRST, RUSSIAN_LAST),
                  "ir": (PERSIAN_FIRST, PERSIAN_LAST)}.get(nation, (ARABIC_FIRST, ARABIC_FAMILY))
        first, first_v = rng.choice(tables[0])
        last, last_v = rng.choice(tables[1])
        name = f"{first} {last}"
        aliases = []
        if first_v or last_v:
            aliases.append(f"{first_v or first} {last_v or last}")
        return name, aliases

    def _build_persons(self, count: int) -> None:
        rng = self.rng
        weights = {"ministry": 5, "security-force": 4, "military": 4, "armed-group": 4, "government": 1,
                   "state": 1, "media": 1, "intelligence": 1, "international-organisation": 1,
                   "political-group": 1, "military-command": 2}
        hosts = [a for a in self.actors.values() if a.kind in weights and a.id != "syria"]
        host_w = [weights[a.kind] for a in hosts]
        ministers_done: set[str] = set()
        leaders_done: set[str] = set()
        made = attempts = 0
        while made < count and attempts < count * 20:
            attempts += 1
            host = rng.choices(hosts, host_w)[0]
            nation = self._nation(host)
            name, aliases = self._person_name(nation)
            pid = slugify(name)
            if pid in self.actors or not self.names.free(name):
                continue
            org = ("the " + host.name) if host.article in ("the", "name") else host.name
            rank = alt = ""
            kind = host.kind
            if kind == "ministry" and "minister" in host.extra and host.id not in ministers_done:
                ministers_done.add(host.id)
                title = host.extra["minister"]
                mention = f"{title} {name}"
            elif kind == "ministry":
                role = rng.choice(["spokesperson for", "a senior official at", "director of media at"])
                title = f"{cap(role.removeprefix('a '))} {org}"
                mention = f"{name}, {role} {org}"
            elif kind in ("military", "military-command", "security-force"):
                rank = rng.choice(RANKS[:4] if kind != "security-force" else RANKS[2:])
                office = "commander of" if kind != "security-force" else "head of"
                if host.id in leaders_done:
                    office = rng.choice(["deputy commander of", "spokesperson for", "an officer in"])
                leaders_done.add(host.id)
                title = f"{cap(office.removeprefix('an '))} {org}"
                mention = f"{rank} {name}, {office} {org}"
                aliases.append(f"{rank} {name}")
                if rng.random() < 0.25:
                    position = RANKS.index(rank)
                    alt = RANKS[position - 1] if position > 0 else RANKS[position + 1]
            elif kind == "armed-group":
                if host.id not in leaders_done:
                    leaders_done.add(host.id)
                    office = "leader of"
                else:
                    office = rng.choice(["a commander in", "a spokesperson for", "a senior figure in"])
                title = f"{cap(office.removeprefix('a '))} {org}"
                mention = f"{name}, {office} {org}"
                son = rng.choice(ARABIC_FIRST)[0]
                nisba = rng.choice(["al-Shami", "al-Iraqi", "al-Halabi", "al-Ansari", "al-Muhajir", "al-Deiri",
                                    "al-Tunisi", "al-Homsi"])
                aliases.append(f"Abu {son} {nisba}")
            elif kind == "state":
                adjective = {"united-states": "US", "turkey": "Turkish", "russia": "Russian", "iran": "Iranian",
                             "united-kingdom": "British", "france": "French", "germany": "German",
                             "jordan": "Jordanian", "iraq": "Iraqi", "qatar": "Qatari", "israel": "Israeli",
                             "lebanon": "Lebanese", "saudi-arabia": "Saudi",
                             "united-arab-emirates": "Emirati", "syria": "Syrian"}.get(host.id, host.name)
                title = f"{adjective} envoy for Syria"
                mention = f"{adjective} envoy {name}"
            elif kind == "media":
                title = f"Correspondent for {org}"
                mention = f"{name}, a correspondent for {org}"
            else:
                role = rng.choice(["spokesperson for", "an adviser to", "a senior official at"])
                title = f"{cap(role.removeprefix('an ').removeprefix('a '))} {org}"
                mention = f"{name}, {role} {org}"
            actor = Actor(pid, name, "person", [], host.id, "", {"nation": nation})
            self.names.claim(name, "actor:" + pid)
            actor.aliases = self.names.aliases("actor:" + pid, name, aliases)
            actor.mention, actor.title, actor.rank, actor.alt_rank = mention, title, rank, alt
            actor.description = f"{title} ({host.name})." if host.name not in title else f"{title}."
            self.actors[pid] = actor
            made += 1

    def _index_actors(self) -> None:
        by_kind: dict[str, list[Actor]] = {}
        for actor in self.actors.values():
            by_kind.setdefault(actor.kind, []).append(actor)
        self.by_kind = by_kind
        a = self.actors
        self.enforcers = [x for x in self.actors.values() if x.kind in ("security-force", "intelligence")
                          or x.id in ("syria-interior-ministry", "syrian-army", "sdf", "asayish")
                          or x.id.startswith("syrian-army-")]
        self.strikers = [x for x in self.actors.values() if x.kind in ("military", "military-command", "coalition")
                         and not x.id.startswith("syrian-army")]  # ground divisions do not fly
        self.hostiles = [x for x in by_kind.get("armed-group", []) if x.id not in ("sdf",)] or [a["isis"]]
        self.fighters = by_kind.get("armed-group", []) + self.enforcers
        self.persons = by_kind.get("person", [])
        self.media = by_kind.get("media", [])
        self.diplomats = [x for x in self.actors.values() if x.kind in ("state", "ministry", "government",
                                                                        "international-organisation")]
        self.commentators = [x for x in self.actors.values() if x.kind in ("think-tank", "other", "media",
                                                                           "political-group")]
        self.foreign = [x for x in self.diplomats if self._nation(x) != "syria"]
        self.syrian = [x for x in self.diplomats if self._nation(x) == "syria" and x.kind != "state"]
        self.persons_of: dict[str, list[Actor]] = {}
        for person in self.persons:
            self.persons_of.setdefault(person.part_of, []).append(person)

    # --- events: skeleton -----------------------------------------------------------------------

    TYPE_WEIGHTS: ClassVar = [("raid", 14), ("arrest", 14), ("airstrike", 9), ("attack", 11), ("bombing", 7),
                    ("armed-clash", 9), ("seizure", 6), ("weapons-destroyed", 5), ("statement", 6), ("meeting", 4),
                    ("diplomatic", 3), ("agreement", 2), ("deployment", 3), ("withdrawal", 1.5), ("report", 2.5),
                    ("organisation", 1), ("political-change", 1), ("other", 1)]
    DATE_WEIGHTS: ClassVar = [("day", 72), ("range", 9), ("month", 7), ("month-q", 4), ("day~", 4), ("month~", 1),
                    ("day?", 2), ("mrange", 1)]

    def build_event_skeletons(self) -> None:
        rng = self.rng
        types, type_w = zip(*self.TYPE_WEIGHTS)
        dkinds, date_w = zip(*self.DATE_WEIGHTS)
        last_start = END_DATE - timedelta(days=75)
        span = (last_start - self.start).days
        towns = [p for p in self.place_list if p.kind not in ("country", "governorate", "region")]
        town_cw = list(accumulate(p.weight for p in towns))
        govs = [p for p in self.place_list if p.kind == "governorate"]
        # Every place gets at least one event (in shuffled order), the rest follow the weights.
        coverage = list(self.place_list)
        rng.shuffle(coverage)
        for i in range(self.n):
            etype = rng.choices(types, type_w)[0]
            dkind = rng.choices(dkinds, date_w)[0]
            d = self.start + timedelta(days=rng.randrange(span + 1))
            qualifier = None
            if dkind == "day":
                lo = hi = d
                edtf = d.isoformat()
            elif dkind == "day~":
                lo, hi, edtf = d, d + timedelta(days=2), f"{d.isoformat()}~"
            elif dkind == "day?":
                lo, hi, edtf = d, d, f"{d.isoformat()}?"
            elif dkind == "range":
                e = d + timedelta(days=rng.randint(1, 6))
                lo, hi, edtf = d, e, f"{d.isoformat()}/{e.isoformat()}"
            elif dkind in ("month", "month-q", "month~"):
                lo, hi = d.replace(day=1), last_day(d.year, d.month)
                edtf = f"{d.year}-{d.month:02d}" + ("~" if dkind == "month~" else "")
                if dkind == "month-q":
                    qualifier = rng.choice(["early", "mid", "late"])
                if dkind == "month~":
                    hi += timedelta(days=3)
            else:  # mrange
                y2, m2 = add_months(d.year, d.month, rng.randint(1, 2))
                lo, hi = d.replace(day=1), last_day(y2, m2)
                edtf = f"{d.year}-{d.month:02d}/{y2}-{m2:02d}"
            if i < len(coverage):
                place = coverage[i]
            elif etype in ("diplomatic", "agreement", "meeting", "statement") and rng.random() < 0.6:
                place = self.places[self.gov_capital[rng.choice(["damascus", "damascus", "aleppo", "homs"])]]
            elif rng.random() < 0.12:
                place = rng.choice(govs)
            else:
                place = rng.choices(towns, cum_weights=town_cw)[0]
            places = [place.id]
            if place.kind in ("town", "village", "city", "site", "facility") and rng.random() < 0.4:
                places.append(self.gov_ids[place.gov_key])
            gov = place.gov_key or "homs"
            if place.kind in ("region", "country"):
                gov = rng.choice(["homs", "deir-ez-zor", "raqqa", "hasakah", "rif-dimashq", "daraa"])
            if place.kind in ("town", "village", "city") and rng.random() < 0.08:
                nearby = [p for p in self.places_by_gov.get(gov, []) if p.id != place.id
                          and p.kind in ("town", "village")]
                if nearby:
                    places.insert(1, rng.choice(nearby).id)
            self.events.append(Event(i, etype, dkind, lo, hi, edtf, qualifier, places, gov))

    # --- operations ---------------------------------------------------------------------------

    OP_TYPES = ("raid", "arrest", "airstrike", "weapons-destroyed", "seizure", "deployment")

    def build_operations(self) -> None:
        rng = self.rng
        count = min(max(3, self.n // 200), self.n)  # at least 3, but one event cannot carry two
        span_months = (END_DATE.year - self.start.year) * 12 + END_DATE.month - self.start.month
        leaders = [a for a in self.enforcers + self.strikers if a.kind != "person"]
        partners = [a for a in (self.actors.get("centcom"), self.actors.get("us-military"),
                                self.actors.get("global-coalition"), self.actors.get("cjtf-oir"),
                                self.actors.get("general-intelligence-directorate")) if a]
        gov_keys = [g[0] for g in GOVERNORATES]
        gov_w = [g[-1] for g in GOVERNORATES]
        events_by_month: dict[tuple[int, int], list[Event]] = {}
        for event in self.events:
            if event.type in self.OP_TYPES:
                events_by_month.setdefault((event.lo.year, event.lo.month), []).append(event)
        attempts = 0
        while len(self.operations) < count and attempts < count * 50:
            attempts += 1
            name = f"Operation {rng.choice(OP_ADJ)} {rng.choice(OP_NOUN)}"
            oid = slugify(name)
            short = name.removeprefix("Operation ")
            if any(o.id == oid for o in self.operations) or not self.names.free(name) or not self.names.free(short):
                continue
            self.names.claim(name, "operation:" + oid)
            aliases = self.names.aliases("operation:" + oid, name, [short])
            offset = rng.randrange(max(1, span_months - 1))
            y, m = add_months(self.start.year, self.start.month, offset)
            length = rng.randint(1, 4)
            start = date(y, m, 1)
            ey, em = add_months(y, m, length - 1)
            end = last_day(ey, em)
            leader = rng.choice(leaders)
            support = [p.id for p in partners if p.id != leader.id and rng.random() < 0.35][:2]
            govs = sorted(set(rng.choices(gov_keys, gov_w, k=rng.randint(1, 3))))
            target = self.actors["isis"].id if rng.random() < 0.7 else rng.choice(self.hostiles).id
            op = Operation(oid, name, aliases, [leader.id], support, govs, start, end, target)
            candidates = []
            for k in range(length):
                candidates.extend(events_by_month.get(add_months(y, m, k), []))
            members = [e for e in candidates if e.operation is None and e.gov in govs and rng.random() < 0.6]
            if not members:
                free = [e for e in candidates if e.operation is None]
                if free:
                    members = [rng.choice(free)]
                else:  # no suitable event in the window: turn one into a raid
                    pool = [e for e in self.events if e.operation is None and start <= e.lo <= end]
                    pool = pool or [e for e in self.events if e.operation is None]
                    chosen = rng.choice(pool)
                    chosen.type = "raid"
                    members = [chosen]
            for e in members:
                e.operation = op.id
            op.events = members
            op.start = min(e.lo for e in members)
            op.end = max(e.hi for e in members)
            self.operations.append(op)
        self.op_by_id = {o.id: o for o in self.operations}

    # --- events: actors and figures --------------------------------------------------------------

    def _pick(self, pool: list[Actor], gov: str | None = None, local: float = 0.5) -> Actor:
        rng = self.rng
        if gov is not None and rng.random() < local:
            near = [a for a in pool if a.extra.get("gov") == gov]
            if near:
                return rng.choice(near)
        return rng.choice(pool)

    def _hostile(self, gov: str) -> Actor:
        if self.rng.random() < 0.55:
            return self.actors["isis"]
        return self._pick(self.hostiles, gov, 0.6)

    def _speaker(self, orgs: list[Actor]) -> Actor | None:
        rng = self.rng
        for org in orgs:
            people = self.persons_of.get(org.id)
            if people and rng.random() < 0.7:
                return rng.choice(people)
        return rng.choice(self.persons) if self.persons and rng.random() < 0.3 else None

    def _count(self, low: int, high: int) -> int:
        # Small numbers are common, large ones rare (a log-uniform draw).
        return max(2, round(math.exp(self.rng.uniform(math.log(low), math.log(high)))))

    def assign_actors(self) -> None:
        rng = self.rng
        a = self.actors
        for event in self.events:
            t, gov = event.type, event.gov
            acts: list[tuple[str, str]] = []
            figs: list[dict] = []
            op = self.op_by_id.get(event.operation) if event.operation else None
            if t in ("raid", "arrest", "seizure", "weapons-destroyed", "deployment", "withdrawal"):
                lead = a[op.conducted_by[0]] if op else self._pick(self.enforcers, gov)
                acts.append((lead.id, "conducted"))
                if t != "deployment" and t != "withdrawal":
                    target = a[op.target] if op and rng.random() < 0.8 else self._hostile(gov)
                    acts.append((target.id, "targeted"))
                if op and op.supported_by and rng.random() < 0.6:
                    acts.append((op.supported_by[0], "supported"))
                elif rng.random() < 0.15:
                    helper = rng.choice(self.strikers + self.enforcers)
                    if helper.id != lead.id:
                        acts.append((helper.id, "supported"))
                if t == "raid":
                    measure = rng.choice(["arrested", "arrested", "killed"])
                    figs.append({"measure": measure, "n": self._count(1, 25), "unit": "suspects"})
                elif t == "arrest":
                    figs.append({"measure": "arrested", "n": self._count(1, 60), "unit": "suspects"})
                elif t == "seizure":
                    weapon = rng.choice(WEAPONS)
                    figs.append({"measure": "weapons-seized", "n": self._count(2, 400), "unit": weapon[0]})
                elif t == "weapons-destroyed":
                    figs.append({"measure": "sites-destroyed", "n": self._count(1, 30), "unit": "weapons caches"})
                elif t == "deployment":
                    figs.append({"measure": "personnel-deployed", "n": self._count(20, 2000), "unit": "personnel"})
                else:
                    figs.append({"measure": "positions-vacated", "n": self._count(1, 15), "unit": "positions"})
            elif t == "airstrike":
                lead = a[op.conducted_by[0]] if op and a[op.conducted_by[0]] in self.strikers \
                    else rng.choice(self.strikers)
                acts.append((lead.id, "conducted"))
                target = a[op.target] if op else self._hostile(gov)
                acts.append((target.id, "targeted"))
                if op and op.supported_by:
                    acts.append((op.supported_by[0], "supported"))
                if rng.random() < 0.6:
                    figs.append({"measure": "killed", "n": self._count(1, 20), "unit": "fighters"})
                else:
                    figs.append({"measure": "sites-destroyed", "n": self._count(1, 15), "unit": "targets"})
            elif t in ("attack", "bombing"):
                attacker = self._hostile(gov)
                known = rng.random() < 0.6
                if known:
                    acts.append((attacker.id, "conducted"))
                victim = self._pick(self.enforcers, gov) if t == "attack" or rng.random() < 0.4 else None
                if victim:
                    acts.append((victim.id, "victim"))
                if not known or rng.random() < 0.3:
                    acts.append((attacker.id, "claimed"))
                figs.append({"measure": "killed", "n": self._count(1, 30),
                             "unit": "security personnel" if victim else "people"})
                if rng.random() < 0.6:
                    figs.append({"measure": "injured", "n": self._count(1, 60), "unit": "people"})
            elif t == "armed-clash":
                one = self._pick(self.hostiles, gov, 0.6)
                two = self._pick(self.fighters, gov, 0.6)
                for _ in range(50):
                    if two.id != one.id and one.id not in (two.part_of,) and two.id != one.part_of:
                        break
                    two = rng.choice(self.fighters)
                acts += [(one.id, "conducted"), (two.id, "conducted")]
                figs.append({"measure": "killed", "n": self._count(1, 40), "unit": "fighters"})
            elif t in ("statement", "report"):
                if t == "report" and self.media:
                    reporter = rng.choice(self.media + self.commentators)
                    acts.append((reporter.id, "reported"))
                    measure = rng.choice(["abducted", "killed", "displaced"])
                    figs.append({"measure": measure, "n": self._count(3, 300),
                                 "unit": "families" if measure == "displaced" else "people"})
                else:
                    speaker = rng.choice(self.persons) if self.persons else rng.choice(self.diplomats)
                    acts.append((speaker.id, "stated"))
                    if speaker.part_of:
                        acts.append((speaker.part_of, "mentioned"))
            elif t in ("meeting", "diplomatic", "agreement"):
                one = rng.choice(self.diplomats)
                two = rng.choice(self.diplomats)
                if t == "diplomatic" and self.foreign and self.syrian:
                    one, two = rng.choice(self.foreign), rng.choice(self.syrian)
                while two.id == one.id:
                    two = rng.choice(self.diplomats)
                role = {"meeting": "attended", "diplomatic": "attended", "agreement": "conducted"}[t]
                for org in (one, two):
                    people = self.persons_of.get(org.id)
                    if t == "meeting" and people:
                        acts.append((rng.choice(people).id, "attended"))
                    acts.append((org.id, role))
            elif t == "organisation":
                groups = [g for g in self.by_kind.get("armed-group", []) if g.id != "isis"]
                group = self._pick(groups, gov) if groups else self._hostile(gov)
                body = a.get("syrian-army") or a["syrian-government"]
                acts += [(group.id, "joined"), (body.id, "mentioned")]
            elif t == "political-change":
                acts.append(("syrian-government", "conducted"))
                group = rng.choice([g for g in self.by_kind.get("armed-group", []) if g.id != "isis"]
                                   or self.enforcers)
                acts.append((group.id, "mentioned"))
            else:  # other
                acts.append((self._pick(self.enforcers, gov).id, "conducted"))
            # A spokesperson comments on about a third of the security events.
            if t in ("raid", "arrest", "airstrike", "seizure", "weapons-destroyed", "attack", "bombing") \
                    and rng.random() < 0.5:
                orgs = [a[x] for x, role in acts if role in ("conducted", "victim")]
                speaker = self._speaker(orgs)
                if speaker:
                    acts.append((speaker.id, "stated"))
            seen = set()
            event.actors = []
            for actor_id, role in acts:
                if (actor_id, role) not in seen:
                    seen.add((actor_id, role))
                    event.actors.append((actor_id, role))
                    a[actor_id].uses += 1
            event.figures = figs
        # Every actor appears at least once: unused ones are mentioned in some event's report.
        security = [e for e in self.events if e.type not in ("statement", "report")]
        for actor in self.actors.values():
            if actor.uses:
                continue
            event = rng.choice(security or self.events)
            role = {"person": "stated", "media": "reported"}.get(actor.kind, "mentioned")
            event.actors.append((actor.id, role))
            actor.uses += 1

    # --- documents ------------------------------------------------------------------------------

    def build_documents(self) -> None:
        rng = self.rng
        order = sorted(self.events, key=lambda e: (e.hi, e.index))
        chunks: list[list[Event]] = []
        i = 0
        while i < len(order):
            size = rng.randint(6, 14)
            chunks.append(order[i:i + size])
            i += size
        if len(chunks) > 1 and len(chunks[-1]) < 3:
            chunks[-2].extend(chunks.pop())
        publishers = self.media or [None]
        width = max(4, len(str(len(chunks))))
        for number, chunk in enumerate(chunks):
            published = max(e.hi for e in chunk) + timedelta(days=rng.choice([0, 0, 1, 1, 1, 2, 3]))
            published = min(published, END_DATE) if max(e.hi for e in chunk) <= END_DATE else published
            doc_id = f"{number:0{width}d}-{rng.getrandbits(64):016x}"
            publisher = rng.choice(publishers) if rng.random() < 0.85 else None
            self.documents.append({
                "id": doc_id, "number": number, "published": published, "publisher": publisher,
                "events": chunk, "followups": [], "typeset": rng.random() < 0.3,
                "reliability": rng.choices("ABCDEF", [5, 30, 40, 15, 5, 5])[0],
            })
            for event in chunk:
                event.primary = number
        # Follow-ups: ~12% of events are reported again by a later document; ~5% of all events
        # (chosen among those with figures) disagree on a number.
        n_docs = len(self.documents)
        with_figures = [e for e in self.events if e.figures and e.primary < n_docs - 1]
        target_disagree = round(self.n * 0.05)
        disagree = {e.index for e in rng.sample(with_figures, min(target_disagree, len(with_figures)))}
        for event in self.events:
            if event.primary >= n_docs - 1:
                continue
            if event.index in disagree or rng.random() < 0.2:
                later = min(n_docs - 1, event.primary + rng.randint(1, 12))
                event.secondary = later
                event.disagree = event.index in disagree
                self.documents[later]["followups"].append(event)

    # --- text -----------------------------------------------------------------------------------

    @staticmethod
    def _num(n: int, rng: Random) -> str:
        return NUM_WORDS[n] if 0 < n < 10 and rng.random() < 0.5 else str(n)

    def _quantity(self, n: int, rng: Random) -> tuple[str, dict]:
        """Text and figure fields for a number as a source might give it."""
        style = rng.choices(["exactly", "over", "at-least", "about", "up-to", "range"], [55, 10, 12, 10, 5, 8])[0]
        if (n < 10 and style in ("over", "about", "up-to")) or (n < 5 and style == "range"):
            style = "exactly"
        if style == "exactly":
            return self._num(n, rng), {"value": n, "qualifier": "exactly"}
        if style == "over":
            return f"more than {n}", {"value": n, "qualifier": "over"}
        if style == "at-least":
            return f"at least {self._num(n, rng)}", {"min": n, "qualifier": "at-least"}
        if style == "about":
            return f"{rng.choice(['about', 'around', 'some'])} {n}", {"value": n, "qualifier": "about"}
        if style == "up-to":
            return f"up to {n}", {"max": n, "qualifier": "up-to"}
        low = max(1, n - max(1, n // 4))
        return f"between {low} and {n}", {"min": low, "max": n}

    def _date_phrase(self, event: Event, published: date, rng: Random) -> str:
        k = event.dkind
        if k == "day":
            delta = (published - event.lo).days
            if 1 <= delta <= 6 and rng.random() < 0.3:
                weekday = WEEKDAY[event.lo.weekday()]
                word = "Yesterday" if delta == 1 and rng.random() < 0.5 else f"On {weekday}"
                event.date_note = (f"'{word.removeprefix('On ')}' in a document published {published.isoformat()} "
                                   f"→ {event.lo.isoformat()}.")
                return word
            return f"On {day_text(event.lo)}"
        if k != "day" and rng.random() < 0.7:
            phrase = self._date_words(event, rng)
            event.date_note = f"The source gives only '{phrase[0].lower() + phrase[1:]}'."
            return cap(phrase)
        return cap(self._date_words(event, rng))

    def _date_words(self, event: Event, rng: Random) -> str:
        k = event.dkind
        if k == "day~":
            return f"Around {day_text(event.lo)}"
        if k == "day?":
            return f"On {day_text(event.lo)}, according to unconfirmed reports"
        if k == "range":
            a, b = event.lo, event.hi
            if (a.year, a.month) == (b.year, b.month):
                return f"Between {a.day} and {b.day} {MONTH[a.month]} {a.year}"
            if a.year == b.year:
                return f"Between {day_text(a, False)} and {day_text(b)}"
            return f"Between {day_text(a)} and {day_text(b)}"
        month = f"{MONTH[event.lo.month]} {event.lo.year}"
        if k == "month":
            return rng.choice(["In", "During"]) + f" {month}"
        if k == "month-q":
            return {"early": f"In early {month}", "mid": f"In mid-{month}", "late": f"In late {month}"}[event.qualifier]
        if k == "month~":
            return f"At some point around {month}"
        end_y, end_m = int(event.edtf[8:12]), int(event.edtf[13:15])
        if end_y == event.lo.year:
            return f"Between {MONTH[event.lo.month]} and {MONTH[end_m]} {end_y}"
        return f"From {month} to {MONTH[end_m]} {end_y}"

    def _short_date(self, event: Event) -> str:
        k = event.dkind
        if k in ("day", "day?"):
            return f"on {day_text(event.lo, False)}"
        if k == "day~":
            return f"around {day_text(event.lo, False)}"
        if k == "range":
            return f"between {day_text(event.lo, False)} and {day_text(event.hi, False)}"
        if k == "month-q":
            return f"in {event.qualifier} {MONTH[event.lo.month]}".replace("in mid ", "in mid-")
        return f"in {MONTH[event.lo.month]}"

    def _where(self, event: Event, rng: Random) -> str:
        place = self.places[event.places[0]]
        name = place.name if not place.aliases or rng.random() < 0.8 else rng.choice(place.aliases)
        if place.kind == "country":
            return rng.choice(["in Syria", "in several parts of Syria"])
        if place.kind == "governorate":
            return rng.choice([f"in {name}", f"in the {name.removesuffix(' Governorate')} countryside"])
        if place.kind == "region":
            return f"in the {name}" if not name.startswith("Al-") else f"in {name}"
        if place.kind in ("facility", "site"):
            return f"at the {name}" if not name.startswith(("Al-", "T4", "Bab")) else f"at {name}"
        gov = self.places[place.governorate].name if place.governorate else ""
        text = rng.choice([f"in {name}", f"near {name}", f"on the outskirts of {name}"])
        if len(event.places) > 1 and self.places[event.places[1]].kind != "governorate":
            text += f" and {self.places[event.places[1]].name}"
        if place.kind != "city" and gov:
            text += f", {gov}" if rng.random() < 0.5 else f" in {gov}"
        return text

    def _event_sentences(self, event: Event, doc: dict, rng: Random) -> list[str]:
        """The sentences reporting an event in its primary document; fills quotes on the event."""
        a = self.actors
        doc_id = doc["id"]
        when = self._date_phrase(event, doc["published"], rng)
        where = self._where(event, rng)
        event.where_text = where
        role = {}
        for actor_id, r in event.actors:
            role.setdefault(r, []).append(a[actor_id])
        name = {actor_id: a[actor_id].phrase(rng) for actor_id, _ in event.actors}

        def who(r: str, index: int = 0) -> str:
            return name[role[r][index].id]

        t = event.type
        figs = event.figures
        clauses: list[tuple[dict, str]] = []

        def quantity(fig: dict) -> str:
            text, fields = self._quantity(fig["n"], rng)
            fig["fields"] = fields
            return text

        if t in ("raid", "arrest", "seizure", "weapons-destroyed") or (t == "airstrike"):
            lead, target = who("conducted"), (who("targeted") if "targeted" in role else "armed groups")
            fig = figs[0]
            q = quantity(fig)
            if t == "arrest":
                clause = f"arrested {q} suspected members of {target}"
                main = f"{when}, {lead} {clause} {where}"
                event.noun = "arrests"
            elif t == "raid":
                hideout = rng.choice(HIDEOUTS)
                if fig["measure"] == "killed":
                    clause = f"killing {q} suspected members of {target}"
                else:
                    clause = f"detaining {q} people suspected of links to {target}"
                main = f"{when}, {lead} raided {'an' if hideout[0] in 'aeiou' else 'a'} {hideout} {where}, {clause}"
                event.noun = "raid"
            elif t == "seizure":
                clause = f"seized {q} {fig['unit']}"
                main = f"{when}, {lead} {clause} belonging to {target} {where}"
                event.noun = "seizure"
            elif t == "weapons-destroyed":
                clause = f"destroyed {q} weapons caches"
                main = f"{when}, {lead} {clause} used by {target} {where}"
                event.noun = "operation"
            else:
                if fig["measure"] == "killed":
                    clause = f"killed {q} {target} fighters" if not target.startswith("the ") else \
                        f"killed {q} fighters from {target}"
                else:
                    clause = f"destroying {q} targets"
                    clause = f"hitting {q} targets linked to {target}"
                main = f"{when}, {lead} carried out airstrikes {where} that {clause}" if "killed" in clause \
                    else f"{when}, {lead} carried out airstrikes {where}, {clause}"
                event.noun = "strikes"
            clauses.append((fig, clause))
        elif t in ("deployment", "withdrawal"):
            lead = who("conducted")
            fig = figs[0]
            q = quantity(fig)
            if t == "deployment":
                clause = f"deployed {q} personnel"
                main = f"{when}, {lead} {clause} {where} to reinforce security"
                event.noun = "deployment"
            else:
                clause = f"withdrew from {q} positions"
                main = f"{when}, {lead} {clause} {where}"
                event.noun = "withdrawal"
            clauses.append((fig, clause))
        elif t in ("attack", "bombing"):
            attacker = who("conducted") if "conducted" in role else "unidentified gunmen"
            victim = who("victim") if "victim" in role else None
            q = quantity(figs[0])
            killed = f"killing {q} {'members of ' + victim if victim else 'people'}"
            if t == "attack":
                subject = attacker if "conducted" in role else "unidentified gunmen"
                target_text = f"a checkpoint of {victim}" if victim else "a civilian convoy"
                main = f"{when}, {subject} attacked {target_text} {where}, {killed}"
                event.noun = "attack"
            else:
                device = rng.choice(["a roadside bomb", "a car bomb", "an IED", "an explosive device"])
                main = f"{when}, {device} exploded {where}, {killed}"
                if "conducted" in role:
                    main = f"{when}, {device} planted by {attacker} exploded {where}, {killed}"
                event.noun = "bombing"
            clauses.append((figs[0], killed))
            if len(figs) > 1:
                q2 = quantity(figs[1])
                wounded = f"wounding {q2} others"
                main += f" and {wounded}"
                clauses.append((figs[1], wounded))
        elif t == "armed-clash":
            one, two = who("conducted", 0), who("conducted", 1)
            q = quantity(figs[0])
            clause = f"left {q} fighters dead"
            main = f"{when}, clashes between {one} and {two} {where} {clause}"
            event.noun = "clashes"
            clauses.append((figs[0], clause))
        elif t == "report":
            reporter = who("reported")
            q = quantity(figs[0])
            what = {"abducted": "people had been abducted", "killed": "people had been killed",
                    "displaced": "families had been displaced"}[figs[0]["measure"]]
            clause = f"{q} {what}"
            main = f"{when}, {reporter} reported that {clause} {where} over the preceding weeks"
            event.noun = "report"
            clauses.append((figs[0], clause))
        elif t == "statement":
            speaker = role["stated"][0]
            content = rng.choice(STATEMENTS)
            main = f"{when}, {self._said(speaker, doc_id, rng)} said {content}"
            event.noun = "statement"
        elif t in ("meeting", "diplomatic"):
            parties = [x for x in role.get("attended", [])]
            people = [p for p in parties if p.kind == "person"]
            orgs = [p for p in parties if p.kind != "person"]
            topic = rng.choice(TOPICS)
            city = where
            if len(people) >= 2:
                main = (f"{when}, {self._said(people[0], doc_id, rng)} met "
                        f"{self._mention(people[1], doc_id, rng)} {city} to discuss {topic}")
            elif people:
                other = [o for o in orgs if o.id != people[0].part_of] or orgs
                partner = f" with {name[other[0].id]}" if other else ""
                main = f"{when}, {self._said(people[0], doc_id, rng)} held talks{partner} {city} on {topic}"
            elif t == "diplomatic" or len(orgs) >= 2:
                main = (f"{when}, a delegation from {name[orgs[0].id]} held talks with {name[orgs[-1].id]} "
                        f"{city} on {topic}")
            else:
                main = f"{when}, officials met {city} to discuss {topic}"
            event.noun = "talks"
        elif t == "agreement":
            one, two = who("conducted", 0), who("conducted", 1)
            topic = rng.choice(TOPICS)
            main = f"{when}, {one} and {two} signed an agreement {where} on {topic}"
            event.noun = "agreement"
        elif t == "organisation":
            main = (f"{when}, {who('joined')} announced that its fighters would join {who('mentioned')} "
                    f"as a unit {where}")
            event.noun = "announcement"
        elif t == "political-change":
            subject = role["mentioned"][0]
            change = "the dissolution of the local command of" if subject.kind == "armed-group" else \
                "a reorganisation of"
            main = f"{when}, {who('conducted')} announced {change} {who('mentioned')} {where}"
            event.noun = "decision"
        else:
            main = f"{when}, {who('conducted')} reopened the main road {where} after weeks of closure"
            event.noun = "reopening"
        if t not in ("statement", "report") and event.dkind != "day?" and rng.random() < 0.35:
            main += ", " + rng.choice(ATTRIBUTIONS)
        if main[0].islower():
            main = cap(main)
        sentences = [main + "."]
        event.sources.append((doc_id, main))
        event.core = cap(main[len(when) + 2:]) if main.startswith(when + ", ") else main
        for fig, clause in clauses:
            event.fig_out.append(self._figure(fig, fig["fields"], doc_id, clause))
        for actor_id, r in event.actors:
            actor = a[actor_id]
            if actor.source is None and actor.kind != "person" and name[actor_id] in main:
                actor.source = (doc_id, main)
        # Follow-on sentences: details, support, operation, claims, statements, background mentions.
        noun = event.noun
        if rng.random() < 0.75:
            capital = self.places[self.gov_capital.get(event.gov, "damascus")].name
            detail = rng.choice(DETAILS[t]).format(noun=noun, city=capital,
                                                   hours=rng.choice(["two", "three", "several"]))
            sentences.append(detail + ".")
            event.sources.append((doc_id, detail))
            event.detail = detail
        be = "were" if noun in PLURAL_NOUNS else "was"
        for supporter in role.get("supported", []):
            line = f"The {noun} {be} carried out with support from {supporter.phrase(rng)}"
            sentences.append(line + ".")
            self._note_source(supporter, doc_id, line)
        if event.operation:
            op = self.op_by_id[event.operation]
            line = (f"The {noun} {be} part of {op.name}, a campaign led by {name.get(op.conducted_by[0]) or self.actors[op.conducted_by[0]].phrase(rng)} "
                    f"against {self.actors[op.target].phrase(rng)}")
            sentences.append(line + ".")
            event.sources.append((doc_id, line))
            if op.source is None:
                op.source = (doc_id, line)
        for claimant in role.get("claimed", []):
            line = f"{cap(claimant.phrase(rng))} claimed responsibility for the {noun} in a statement"
            sentences.append(line + ".")
            self._note_source(claimant, doc_id, line)
            event.claims.append({"attribute": "perpetrator", "value": claimant.name, "document": doc_id,
                                 "quote": line})
        for speaker in role.get("stated", []):
            if t == "statement" and speaker is role["stated"][0]:
                continue
            line = self._statement(speaker, doc_id, rng, VICTIM_STATEMENTS if t in ("attack", "bombing") else STATEMENTS)
            sentences.append(line)
            if len(event.sources) < 3:
                event.sources.append((doc_id, line.rstrip(".")))
        for actor in role.get("mentioned", []) + role.get("reported", []):
            if actor.kind == "person" or (t in ("organisation", "political-change", "statement") and
                                          actor in role.get("mentioned", [])[:1]) or t == "report":
                if actor.source is None and actor.kind != "person" and actor.name in main:
                    actor.source = (doc_id, main)
                continue
            sentences.append(self._context(actor, doc_id, rng))
        for actor in role.get("attended", []):
            if actor.kind != "person":
                self._note_source(actor, doc_id, main)
        publisher = doc["publisher"]
        if publisher is not None and (publisher.id, "reported") not in event.actors and rng.random() < 0.5:
            event.actors.append((publisher.id, "reported"))
        return sentences

    def _figure(self, fig: dict, fields: dict, doc_id: str, clause: str) -> dict:
        out = {"measure": fig["measure"]}
        out.update(fields)
        if fig.get("unit"):
            out["unit"] = fig["unit"]
        out["document"] = doc_id
        out["quote"] = clause
        return out

    def _note_source(self, actor: Actor, doc_id: str, quote: str) -> None:
        if actor.source is None:
            actor.source = (doc_id, quote)

    def _said(self, person: Actor, doc_id: str, rng: Random) -> str:
        """The mention as a sentence subject: an appositive ("X, head of Y") is closed by a comma."""
        mention = self._mention(person, doc_id, rng)
        return mention + "," if ", " in mention else mention

    def _mention(self, person: Actor, doc_id: str, rng: Random) -> str:
        """A person as a document introduces them, with title (and rank, which sources may disagree on)."""
        mention = person.mention
        rank = person.rank
        if person.alt_rank and rng.random() < 0.35:
            rank = person.alt_rank
            mention = mention.replace(person.rank, rank, 1)
        if person.title_source is None:
            person.title_source = (doc_id, mention)
        if person.source is None:
            person.source = (doc_id, mention)
        if rank and rank not in person.rank_claims:
            person.rank_claims[rank] = (doc_id, f"{rank} {person.name}")
        return mention

    def _statement(self, person: Actor, doc_id: str, rng: Random, contents: list[str] = STATEMENTS) -> str:
        if rng.random() < 0.3:
            quote = rng.choice(DIRECT_QUOTES if contents is STATEMENTS else DIRECT_VICTIM)
            return f'"{quote}," said {self._mention(person, doc_id, rng)}.'
        subject = self._said(person, doc_id, rng)
        content = rng.choice(contents)
        if rng.random() < 0.2:
            return f"{subject} said {content} - the latest in a series of such assurances."
        return f"{subject} said {content}."

    def _context(self, actor: Actor, doc_id: str, rng: Random) -> str:
        phrase = actor.phrase(rng)
        kind = actor.kind
        if kind == "armed-group":
            line = f"{cap(phrase)} has been active in the area in recent months"
        elif kind == "media":
            line = f"The incident was first reported by {phrase}"
        elif kind in ("military", "security-force", "military-command", "intelligence"):
            line = f"Units of {phrase} were also present in the area"
        elif kind in ("think-tank", "other"):
            line = f"Analysts at {phrase} have linked such incidents to a wider pattern" if kind == "think-tank" \
                else f"{cap(phrase)} said it was following the situation closely"
        elif kind == "political-group":
            line = f"{cap(phrase)} condemned the violence"
        else:
            line = f"{cap(phrase)} did not comment publicly on the incident"
        self._note_source(actor, doc_id, line)
        return line + "."

    def _followup(self, event: Event, doc: dict, rng: Random) -> str:
        doc_id = doc["id"]
        place = self.places[event.places[0]].name
        when = self._short_date(event)
        if event.disagree:
            fig = event.fig_out[0]
            n = event.figures[0]["n"]
            other = n + rng.choice([-1, 1]) * max(1, round(n * rng.uniform(0.15, 0.6)))
            if other < 1 or other == n:
                other = n + max(1, n // 3)
            text, fields = self._quantity(other, rng)
            noun = {"killed": "dead", "injured": "wounded", "arrested": "people detained",
                    "sites-destroyed": "sites destroyed", "weapons-seized": "items seized",
                    "personnel-deployed": "personnel deployed", "positions-vacated": "positions vacated",
                    "abducted": "people abducted", "displaced": "families displaced"}[fig["measure"]]
            clause = f"put the number of {noun} in the {event.noun} in {place} {when} at {text}"
            line = f"A later tally {clause}"
            if doc["publisher"] is not None and rng.random() < 0.5:
                line = f"Sources speaking to {doc['publisher'].name} {clause}"
            event.fig_out.append(self._figure(event.figures[0], fields, doc_id, clause))
        else:
            options = [f"Local sources confirmed the {event.noun} in {place} {when}",
                       f"Further details emerged about the {event.noun} in {place} {when}"]
            if event.type in ("attack", "bombing", "armed-clash", "airstrike"):
                options.append(f"Residents described the {event.noun} in {place} {when} as the worst in months")
            elif event.type in ("meeting", "diplomatic", "agreement", "statement"):
                options = [f"Officials later gave more details of the {event.noun} in {place} {when}",
                           f"Diplomats described the {event.noun} in {place} {when} as constructive"]
            line = rng.choice(options)
        event.sources.append((doc_id, line))
        return line + "."

    def render_documents(self) -> None:
        rng = self.rng
        total = len(self.documents)
        for k, doc in enumerate(self.documents):
            if total >= 200 and k % 200 == 0:
                self.progress(f"documents {k}/{total}")
            paragraphs: list[list[str]] = []
            events = sorted(doc["events"], key=lambda e: (e.lo, e.index))
            rng.shuffle(events) if rng.random() < 0.2 else None
            for event in events:
                sentences = self._event_sentences(event, doc, rng)
                if paragraphs and len(paragraphs[-1]) + len(sentences) <= 3 and rng.random() < 0.4:
                    paragraphs[-1].extend(sentences)
                else:
                    paragraphs.append(sentences)
            if doc["followups"]:
                paragraphs.append([self._followup(e, doc, rng) for e in doc["followups"]])
            paragraphs.append(rng.sample(CONTEXT_LINES, 2))
            lead = events[0]
            publisher = doc["publisher"]
            dateline_place = self.places[lead.places[0]]
            dateline = (dateline_place.name if dateline_place.kind in ("city", "town") else "DAMASCUS").upper()
            pubtext = day_text(doc["published"])
            tag = f" ({publisher.aliases[0] if publisher and publisher.aliases and publisher.aliases[0].isupper() else publisher.name})" \
                if publisher else ""
            first = f"{dateline}, {pubtext}{tag} — " + " ".join(paragraphs[0])
            blocks = [first] + [" ".join(p) for p in paragraphs[1:]]
            text = "\n\n".join("\n".join(wrap(b)) for b in blocks) + "\n"
            if doc["typeset"]:
                text = _typeset(text)
            doc["text"] = text
            doc["title"] = self._headline(lead, doc)

    def _headline(self, event: Event, doc: dict) -> str:
        title = event.title or self._event_title(event)
        if self.rng.random() < 0.4:
            return f"Syria roundup, {day_text(doc['published'])}: {title}"
        return title

    # --- event records --------------------------------------------------------------------------

    VERBS: ClassVar = {"raid": "raids", "arrest": "arrests", "airstrike": "strikes", "attack": "attack", "bombing": "bombing",
             "armed-clash": "clashes", "seizure": "seizes", "weapons-destroyed": "destroys",
             "deployment": "deploys", "withdrawal": "withdraws", "statement": "statement", "report": "report",
             "meeting": "meeting", "diplomatic": "talks", "agreement": "agreement", "organisation": "joins",
             "political-change": "dissolution", "other": "road-reopened"}

    def _event_title(self, event: Event) -> str:
        a = self.actors
        roles = {}
        for actor_id, r in event.actors:
            roles.setdefault(r, []).append(a[actor_id])
        place = self.places[event.places[0]].name
        lead = roles.get("conducted", [None])[0]
        target = roles.get("targeted", [None])[0]
        t = event.type
        short = lambda x: x.aliases[0] if x and x.aliases and x.aliases[0].isupper() and len(x.name) > 24 else (
            x.name if x else "")
        s = "" if lead is not None and lead.plural and not short(lead).isupper() else "s"
        if t == "arrest":
            return f"{short(lead)} arrest{s} {short(target)} suspects in {place}"
        if t == "raid":
            return f"{short(lead)} raid{s} {short(target)} hideout in {place}"
        if t == "airstrike":
            return f"{short(lead)} airstrikes hit {short(target)} targets near {place}"
        if t == "seizure":
            return f"{short(lead)} seize{s} weapons in {place}"
        if t == "weapons-destroyed":
            return f"{short(lead)} destroy{s} weapons caches in {place}"
        if t == "deployment":
            return f"{short(lead)} deploy{s} reinforcements to {place}"
        if t == "withdrawal":
            return f"{short(lead)} withdraw{s} from positions near {place}"
        if t == "attack":
            victim = roles.get("victim", [None])[0]
            return f"Attack on {short(victim) or 'civilians'} in {place}"
        if t == "bombing":
            return f"Bombing in {place}"
        if t == "armed-clash":
            two = roles["conducted"]
            return f"Clashes between {short(two[0])} and {short(two[1])} in {place}"
        if t == "report":
            return f"{short(roles['reported'][0])} report on violence in {place}"
        if t == "statement":
            return f"{roles['stated'][0].name} statement on security"
        if t in ("meeting", "diplomatic"):
            parties = roles.get("attended", [])
            names = " and ".join(short(p) for p in parties[:2]) or "Officials"
            return f"{'Talks' if t == 'diplomatic' else 'Meeting'}: {names} in {place}"
        if t == "agreement":
            two = roles["conducted"]
            return f"{short(two[0])} and {short(two[1])} sign agreement"
        if t == "organisation":
            return f"{short(roles['joined'][0])} joins {short(roles['mentioned'][0])}"
        if t == "political-change":
            return f"Government dissolves local command of {short(roles['mentioned'][0])}"
        return f"{short(lead)} reopen{s} road near {place}"

    TAGS: ClassVar = {"raid": ["counter-terrorism", "raids"], "arrest": ["counter-terrorism", "detentions"],
            "airstrike": ["airstrikes"], "attack": ["attacks-on-security-forces"], "bombing": ["ied", "bombings"],
            "armed-clash": ["clashes"], "seizure": ["weapons-seizures"], "weapons-destroyed": ["weapons-caches"],
            "deployment": ["deployments"], "withdrawal": ["withdrawals"], "statement": ["statements"],
            "report": ["monitoring"], "meeting": ["diplomacy"], "diplomatic": ["diplomacy"],
            "agreement": ["agreements"], "organisation": ["integration"], "political-change": ["governance"],
            "other": ["infrastructure"]}

    def finish_events(self) -> None:
        rng = self.rng
        a = self.actors
        used_ids: set[str] = set()
        for event in self.events:
            start = event.edtf.split("/")[0].rstrip("~?")
            place = event.places[0]
            base = f"{start}-{place}-{self.VERBS[event.type] if event.type != 'other' else 'road'}"
            base = slugify(base)[:74].strip("-")
            eid, k = base, 2
            while eid in used_ids:
                eid = f"{base}-{k}"
                k += 1
            used_ids.add(eid)
            event.id = eid
            event.title = self._event_title(event)
            roles = {}
            for actor_id, r in event.actors:
                roles.setdefault(r, []).append(a[actor_id])
            place_rec = self.places[place]
            parts = [event.core.rstrip(".") + "."]
            gov_name = self.places[place_rec.governorate].name if place_rec.governorate else ""
            if gov_name and gov_name not in event.core and not gov_name.startswith(place_rec.name + " "):
                parts.append(f"{place_rec.name} lies in {gov_name}.")
            if event.detail:
                parts.append(event.detail[0].upper() + event.detail[1:] + ".")
            extra = []
            if event.operation:
                extra.append(f"part of {self.op_by_id[event.operation].name}")
            supporters = roles.get("supported", [])
            if supporters:
                extra.append("supported by " + " and ".join(x.label for x in supporters))
            if extra:
                parts.append(cap(f"{' and '.join(extra)}."))
            if event.disagree:
                fig = event.fig_out[0]
                parts.append(f"Sources disagree on the number ({fig['measure'].replace('-', ' ')}).")
            publishers = []
            for doc_id, _ in event.sources:
                doc = self.doc_by_id[doc_id]
                label = doc["publisher"].label if doc["publisher"] else "an unattributed report"
                if label not in publishers:
                    publishers.append(label)
            named = [p for p in publishers if p != "an unattributed report"]
            if named:
                parts.append(cap(f"{' and '.join(named)} reported the {event.noun}."))
            else:
                parts.append(f"The {event.noun} {'were' if event.noun in PLURAL_NOUNS else 'was'} reported "
                             "without attribution.")
            event.summary = " ".join(parts)
            tags = list(self.TAGS[event.type])
            if any(r == "targeted" and actor_id == "isis" for actor_id, r in event.actors) or \
                    any(actor_id == "isis" for actor_id, _ in event.actors):
                tags.append("isis")
            if event.gov:
                tags.append(event.gov)
                tags.append(REGION_TAG[event.gov])
            event.tags = tags
            if event.disagree:
                event.credibility = rng.choice([3, 3, 4])
            elif len({d for d, _ in event.sources}) > 1:
                event.credibility = rng.choice([1, 2, 2])
            else:
                event.credibility = rng.choices([2, 3, 4, 6], [30, 50, 15, 5])[0]

    # --- whole run ------------------------------------------------------------------------------

    def build(self) -> None:
        self.glossary = self.build_glossary()
        self.build_places()
        self.build_actors()
        self.progress(f"{len(self.places)} places, {len(self.actors)} actors")
        self.build_event_skeletons()
        self.build_operations()
        self.assign_actors()
        self.build_documents()
        self.progress(f"{len(self.events)} events in {len(self.documents)} documents")
        for event in self.events:  # titles are needed for headlines
            event.title = self._event_title(event)
        self.render_documents()
        self.doc_by_id = {doc["id"]: doc for doc in self.documents}
        self.finish_events()

    # --- records as YAML-ready dicts --------------------------------------------------------------

    def event_record(self, event: Event) -> dict:
        record = {
            "id": event.id,
            "title": event.title,
            "date": Quoted(event.edtf),
            "date_qualifier": event.qualifier,
            "date_note": event.date_note,
            "type": event.type,
            "summary": event.summary,
            "places": event.places,
            "actors": [{"actor": actor_id, "role": role} for actor_id, role in event.actors],
            "operation": event.operation,
            "figures": event.fig_out,
            "claims": event.claims,
            "sources": [{"document": d, "quote": q} for d, q in event.sources],
            "tags": event.tags,
            "credibility": event.credibility,
        }
        return record

    def actor_records(self) -> list[dict]:
        out = []
        for actor in self.actors.values():
            record = {"id": actor.id, "name": actor.name, "aliases": actor.aliases, "kind": actor.kind}
            if actor.part_of:
                record["part_of"] = actor.part_of
            record["description"] = actor.description
            if actor.kind == "person" and actor.title_source:
                record["titles"] = [{"title": actor.title, "document": actor.title_source[0],
                                     "quote": actor.title_source[1]}]
                if actor.rank_claims:
                    record["claims"] = [{"attribute": "rank", "value": rank, "document": d, "quote": q}
                                        for rank, (d, q) in actor.rank_claims.items()]
            if actor.source:
                record["sources"] = [{"document": actor.source[0], "quote": actor.source[1]}]
            out.append(record)
        return out

    def operation_records(self) -> list[dict]:
        out = []
        for op in self.operations:
            if (op.start.year, op.start.month) == (op.end.year, op.end.month):
                when = f"{op.start.year}-{op.start.month:02d}"
            else:
                when = f"{op.start.year}-{op.start.month:02d}/{op.end.year}-{op.end.month:02d}"
            leader = self.actors[op.conducted_by[0]]
            record = {"id": op.id, "name": op.name, "aliases": op.aliases, "date": Quoted(when),
                      "conducted_by": op.conducted_by, "supported_by": op.supported_by,
                      "description": (f"A campaign led by {leader.name} against {self.actors[op.target].name} in "
                                      f"{', '.join(self._gov_name(g) for g in op.govs)}; "
                                      f"{len(op.events)} event{'s' if len(op.events) != 1 else ''} in the briefing.")}
            if op.source:
                record["sources"] = [{"document": op.source[0], "quote": op.source[1]}]
            out.append(record)
        return out

    def place_records(self) -> list[dict]:
        out = []
        for place in self.place_list:
            record = {"id": place.id, "name": place.name, "aliases": place.aliases, "kind": place.kind}
            if place.governorate:
                record["governorate"] = place.governorate
            record.update({"country": "Syria", "lat": place.lat, "lon": place.lon, "precision": place.precision,
                           "description": place.description})
            out.append(record)
        return out

    def document_text(self, doc: dict) -> str:
        publisher = doc["publisher"]
        front = {
            "id": doc["id"],
            "title": doc["title"],
            "publisher": publisher.name if publisher else "unknown",
            "published": Quoted(doc["published"].isoformat()),
            "published_note": ("The dateline's date." if doc["number"] % 3 else
                               "Not dated in the text; inferred from the latest events it reports."),
            "url": (f"https://news.example.org/{doc['published'].isoformat()}/{doc['id']}"
                    if doc["number"] % 5 else None),
            "language": "en",
            "reliability": doc["reliability"],
        }
        return "---\n" + dump_mapping(front) + "---\n" + doc["text"]


def _typeset(text: str) -> str:
    """Typographic quotes, apostrophes and dashes, as a publisher's CMS would set them."""
    parts = text.replace("'", "\u2019").replace(" - ", " \u2013 ").split('"')
    out = [parts[0]]
    for index, part in enumerate(parts[1:]):
        out.append("\u201c" if index % 2 == 0 else "\u201d")
        out.append(part)
    return "".join(out)


def wrap(text: str, width: int = 80, indent: str = "") -> list[str]:
    """Greedy line filling at spaces (never inside a word or at a hyphen); textwrap is 10x slower."""
    lines: list[str] = []
    current = ""
    limit = width - len(indent)
    for word in text.split(" "):
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= limit:
            current += " " + word
        else:
            lines.append(indent + current)
            current = word
    if current:
        lines.append(indent + current)
    return lines


# ---------------------------------------------------------------------------------------------
# A small YAML emitter (plain block style, like a person would write it; ~10x faster than PyYAML)
# ---------------------------------------------------------------------------------------------


class Quoted(str):
    """A scalar always double-quoted: EDTF dates, so that no YAML reader turns 2025-11-24 into a date
    object (the JSON Schemas in schema/ and check-jsonschema expect strings)."""


_PLAIN_OK = re.compile(r"[A-Za-z][A-Za-z0-9 .,'()/&+\-]*[A-Za-z0-9.)]\Z|[A-Za-z]\Z")
_SLUG_LIKE = re.compile(r"[0-9][a-z0-9]*(-[a-z0-9]+)+\Z")
_TIMESTAMP = re.compile(r"\d{4}-\d\d?-\d\d?\Z")
_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}
FOLD_KEYS = {"summary", "description", "definition"}


def scalar(value, flow: bool = False) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, Quoted):
        return json.dumps(str(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    s = value
    if _PLAIN_OK.match(s) and s.lower() not in _RESERVED and " #" not in s and not (flow and "," in s):
        return s
    if _SLUG_LIKE.match(s) and not _TIMESTAMP.match(s):
        return s
    return json.dumps(s, ensure_ascii=False)


def _fold(text: str, indent: int, width: int = 100) -> list[str]:
    return wrap(text, width, " " * indent)


def _emit_map(d: dict, indent: int, lines: list[str], lead: str | None = None) -> None:
    pad = " " * indent
    first = True
    for key, value in d.items():
        prefix = lead if (first and lead is not None) else pad
        first = False
        if isinstance(value, list):
            if not value:
                lines.append(f"{prefix}{key}: []")
            elif all(not isinstance(x, (dict, list)) for x in value):
                lines.append(f"{prefix}{key}: [{', '.join(scalar(x, True) for x in value)}]")
            else:
                lines.append(f"{prefix}{key}:")
                for item in value:
                    _emit_map(item, indent + 4, lines, " " * (indent + 2) + "- ")
        elif isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            _emit_map(value, indent + 2, lines)
        elif key in FOLD_KEYS and isinstance(value, str) and len(value) > 80 and "  " not in value \
                and value == value.strip() and "\n" not in value:
            lines.append(f"{prefix}{key}: >-")
            lines.extend(_fold(value, indent + 2))
        elif key == "quote":  # quotes double-quoted, as the guide writes them
            lines.append(f"{prefix}{key}: {json.dumps(value, ensure_ascii=False)}")
        else:
            lines.append(f"{prefix}{key}: {scalar(value)}")


def dump_mapping(d: dict) -> str:
    lines: list[str] = []
    _emit_map(d, 0, lines)
    return "\n".join(lines) + "\n"


def dump_list(items: list[dict], header: str = "") -> str:
    chunks = [header] if header else []
    for item in items:
        lines: list[str] = []
        _emit_map(item, 2, lines, "- ")
        chunks.append("\n".join(lines) + "\n")
    return "\n".join(chunks)


# ---------------------------------------------------------------------------------------------
# Project files: mkdocs.yml and docs/ from the repository, pointed back at its builder
# ---------------------------------------------------------------------------------------------


def rewrite_config(text: str, out_dir: Path, repo: Path = REPO_ROOT) -> str:
    """Point hooks: at the repo's files, and watch: entries that OUT lacks at the repo's copies."""
    lines = text.splitlines()
    result = []
    section = None

    def fix(entry: str, key: str) -> str:
        raw = entry.strip()
        quoted = raw[:1] in "'\"" and raw[-1:] == raw[:1]
        path = raw[1:-1] if quoted else raw
        if not path or Path(path).is_absolute():
            return raw
        if key == "watch" and (out_dir / path).exists():
            return raw
        return json.dumps(str((repo / path).resolve()))

    for line in lines:
        top = re.match(r"([A-Za-z_][\w-]*):(.*)$", line)
        if top:
            section = top.group(1) if top.group(1) in ("hooks", "watch") else None
            rest = top.group(2).strip()
            if section and rest.startswith("[") and rest.endswith("]"):
                items = [fix(x, section) for x in rest[1:-1].split(",") if x.strip()]
                line = f"{section}: [{', '.join(items)}]"
                section = None
            elif section and rest and not rest.startswith("#"):
                line = f"{section}: {fix(rest, section)}"
                section = None
            result.append(line)
            continue
        item = re.match(r"(\s+-\s+)(.*?)(\s+#.*)?$", line)
        if section and item:
            line = item.group(1) + fix(item.group(2), section) + (item.group(3) or "")
        result.append(line)
    return "\n".join(result) + ("\n" if text.endswith("\n") else "")


def copy_project(out: Path, repo: Path = REPO_ROOT) -> None:
    config = repo / "mkdocs.yml"
    if (repo / "docs").is_dir():
        shutil.copytree(repo / "docs", out / "docs", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if config.is_file():
        (out / "mkdocs.yml").write_text(rewrite_config(config.read_text(encoding="utf-8"), out, repo),
                                        encoding="utf-8", newline="\n")


def _prepare_out(out: Path, force: bool) -> None:
    out = out.resolve()
    if out == REPO_ROOT or REPO_ROOT.is_relative_to(out):
        raise SystemExit(f"refusing to write into {out}: it holds the repository")
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists() and not force:
            raise SystemExit(f"{out} is not empty and was not made by bench.generate; "
                             "choose another --out or pass --force")
        for name in ("sources", "docs", "site"):
            if (out / name).is_dir():
                shutil.rmtree(out / name)
        for name in ("mkdocs.yml", MARKER):
            if (out / name).exists():
                (out / name).unlink()
    out.mkdir(parents=True, exist_ok=True)


# ---------------------------------------------------------------------------------------------
# API and CLI
# ---------------------------------------------------------------------------------------------


def generate(n_events: int, out_dir, seed: int = 0, *, progress=None, force: bool = False,
             copy_site: bool = True) -> dict:
    """Write a synthetic project of n_events events into out_dir; return statistics."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    out = Path(out_dir)
    _prepare_out(out, force)
    cleaned = time.perf_counter()
    corpus = Corpus(n_events, seed, say)
    corpus.build()
    built = time.perf_counter()
    src = out / "sources"
    (src / "documents").mkdir(parents=True)
    (src / "events").mkdir()
    sizes = {"documents": 0, "events": 0, "lists": 0}

    def write(path: Path, text: str, group: str) -> None:
        data = text.encode("utf-8")
        path.write_bytes(data)
        sizes[group] += len(data)

    for doc in corpus.documents:
        write(src / "documents" / f"{doc['id']}.txt", corpus.document_text(doc), "documents")
    total = len(corpus.events)
    for k, event in enumerate(corpus.events):
        if total >= 2000 and k and k % 2500 == 0:
            say(f"events written {k}/{total}")
        write(src / "events" / f"{event.id}.yaml", dump_mapping(corpus.event_record(event)), "events")
    header = "# Synthetic corpus from bench/generate.py — {what}.\n"
    write(src / "actors.yaml", dump_list(corpus.actor_records(), header.format(what="actors")), "lists")
    write(src / "operations.yaml", dump_list(corpus.operation_records(), header.format(what="operations")), "lists")
    write(src / "places.yaml", dump_list(corpus.place_records(), header.format(what="places")), "lists")
    write(src / "glossary.yaml", dump_list(corpus.glossary, header.format(what="glossary")), "lists")
    if copy_site:
        copy_project(out)
    (out / MARKER).write_text(f"generated by bench.generate: events={n_events} seed={seed}\n", encoding="utf-8")
    finished = time.perf_counter()
    stats = {
        "events": total,
        "documents": len(corpus.documents),
        "actors": len(corpus.actors),
        "persons": len(corpus.persons),
        "places": len(corpus.places),
        "operations": len(corpus.operations),
        "terms": len(corpus.glossary),
        "disagreements": sum(1 for e in corpus.events if e.disagree),
        "followups": sum(1 for e in corpus.events if e.secondary >= 0),
        "first_date": min(e.lo for e in corpus.events).isoformat(),
        "last_published": max(d["published"] for d in corpus.documents).isoformat(),
        "bytes_documents": sizes["documents"],
        "bytes_events": sizes["events"],
        "bytes_lists": sizes["lists"],
        "mean_event_bytes": round(sizes["events"] / max(1, total)),
        "seconds_clean": round(cleaned - started, 3),   # removing a previous corpus in out_dir
        "seconds_build": round(built - cleaned, 3),     # records and document texts, in memory
        "seconds_write": round(finished - built, 3),
        "seconds_total": round(finished - started, 3),
    }
    say(f"done in {stats['seconds_total']:.2f} s")
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", "-n", type=int, required=True, help="number of events")
    parser.add_argument("--out", "-o", required=True, help="project folder to (re)create")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true",
                        help="write into a non-empty folder not made by this tool (replaces its sources/ and docs/)")
    parser.add_argument("--quiet", "-q", action="store_true")
    args = parser.parse_args(argv)
    if args.events < 1:
        parser.error("--events must be at least 1")
    verbose = not args.quiet and args.events >= 2000
    started = time.perf_counter()

    def progress(message: str) -> None:
        if verbose:
            print(f"[generate {time.perf_counter() - started:6.2f}s] {message}", file=sys.stderr, flush=True)

    stats = generate(args.events, args.out, args.seed, progress=progress, force=args.force)
    if not args.quiet:
        print(json.dumps(stats, indent=2), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
