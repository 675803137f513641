#!/usr/bin/env python3
"""Generate crates/sphere-sensitivity/src/lexicon/en-world.toml from the PyPI package `holidays`.

The file lists the English names of religious holidays and observances of every country the
package knows: a note saying someone keeps such a day ("fasting for Navratri", "off for Yom
Kippur", "Vesak at the temple") reveals their religion.

How: every `_add_*` method of the package's religious calendar mixins (holidays/groups: Christian,
Islamic, Hebrew, Hindu, Buddhist, Sinhala, Balinese Saka, Tibetan, Mandaean, and the Buddhist
days of the Thai, Burmese, Chinese and Mongolian calendars) is wrapped to record the translated
name it adds. Every country (with each of its subdivisions) and every financial market is then
built for the years 2015-2030 with all its categories, once per English language it supports
(en_US, en_IN, en_GB, ...). The names are turned into patterns of the lexicon language (lower-case
words; see src/text.rs), secular and ambiguous ones are dropped (EXCLUDE below, with the reason
for each), and a hand list of common spellings the package does not use is added.

The package is pinned to holidays==0.109 (MIT licence). If it cannot be imported at that version,
the script installs it with pip into a temporary directory, or unpacks the wheel given by --wheel.

Usage: python3 scripts/world-lexicon.py [--wheel WHEEL] [--out PATH]
"""

import argparse
import functools
import importlib
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

VERSION = "0.109"
YEARS = range(2015, 2031)
OUT = Path(__file__).resolve().parent.parent / "crates/sphere-sensitivity/src/lexicon/en-world.toml"

# Mixins of holidays/groups whose every `_add_*` method adds a religious holiday. Left out as
# civil or astronomical: Chinese (lunar new year, Qingming, mid-autumn), Persian (Nowruz and Iran's
# political days), Thai, Burmese and Mongolian (lunar new years, national days, boat races),
# International (labour day, new year), Eastern (the date helper shared with the Chinese calendar)
# and Static (fixed one-off days). Civil names the religious mixins are used for (South Africa's
# "Day of Goodwill" is dated as the second day of Christmas) are dropped by EXCLUDE.
RELIGIOUS_MIXINS = (
    "BalineseSakaCalendarHolidays",
    "BuddhistCalendarHolidays",
    "ChristianHolidays",
    "HebrewCalendarHolidays",
    "HinduCalendarHolidays",
    "IslamicHolidays",
    "MandaeanHolidays",
    "SinhalaCalendarHolidays",
    "TibetanCalendarHolidays",
)

# The Buddhist days of the otherwise civil calendar mixins.
RELIGIOUS_METHODS = {
    "BurmeseCalendarHolidays": (
        "_add_kason_full_moon_day",  # Buddha's birth, enlightenment and death (Vesak)
        "_add_waso_full_moon_day",  # start of the Buddhist lent
        "_add_thadingyut_full_moon_eve",  # end of the Buddhist lent
        "_add_thadingyut_full_moon_day",
        "_add_thadingyut_full_moon_day_two",
        "_add_tazaungmon_full_moon_day",  # robe offering to monks
        "_add_tabaung_full_moon_day",  # pagoda festivals
        "_add_myanmar_diwali",
    ),
    "ChineseCalendarHolidays": ("_add_chinese_birthday_of_buddha",),
    "MongolianCalendarHolidays": ("_add_buddha_day",),
    "ThaiCalendarHolidays": (
        "_add_makha_bucha",
        "_add_visakha_bucha",
        "_add_asarnha_bucha",
        "_add_khao_phansa",  # start of the Buddhist lent
        "_add_ok_phansa",  # end of the Buddhist lent
        "_add_pchum_ben",  # Cambodian Buddhist festival of the dead
        "_add_boun_haw_khao_padapdin",  # Lao Buddhist offerings to the dead
        "_add_boun_haw_khao_salark",
    ),
}

# Trailing words that name the kind of day, not the day: "Vesak Day" is also written "Vesak".
GENERIC_TAIL = {"day", "days", "holiday", "holidays", "eve", "festival"}

# Common spellings the package does not use (the hand list). They go through the same
# normalisation and exclusions as the package's names.
HAND_LIST = (
    "eid ul fitr", "eid ul adha", "eid al adha", "eid al fitr", "bakrid", "bakri eid", "hari raya",
    "hari raya puasa", "hari raya haji", "milad un nabi", "muharram", "ashura", "mawlid",
    "lailat al qadr", "laylat al qadr", "isra miraj", "hijri new year",
    "yom kippur", "rosh hashana", "rosh hashanah", "simchat torah", "shavuot", "shavuos", "sukkot",
    "sukkos", "purim", "tisha b av", "yom tov",
    "diwali", "deepavali", "navratri", "navaratri", "durga puja", "ganesh chaturthi", "chhath",
    "maha shivaratri", "shivratri", "ram navami", "janmashtami", "karwa chauth", "karva chauth",
    "raksha bandhan", "hanuman jayanti", "mahavir jayanti", "paryushana",
    "guru purab", "gurpurab", "guru nanak jayanti", "vaisakhi", "baisakhi",
    "vesak", "wesak", "poya", "nyepi", "ridvan",
    "orthodox easter", "orthodox christmas", "ash wednesday", "maundy thursday", "palm sunday",
)

# Names kept although an exclusion below matches them: a faith named with the day.
KEEP = re.compile(r"\b(orthodox|coptic|catholic|julian|parsi|islamic|hijri)\b")

# Names (or their variants) left out, with the reason. Each pattern is searched for in the
# normalised name: lower-case words separated by single spaces.
EXCLUDE = (
    # Kept by believers and non-believers alike in English-speaking business life: a note that
    # someone is off for them says nothing about their faith.
    (r"\bchristmas\b", "Christmas and its eve and second days: secular holiday season"),
    (r"\beaster\b", "Easter weekend: a public-holiday break in most Western countries"),
    (r"\b(good|holy) friday\b",
     "Good (Holy) Friday: statutory day off in the UK, the Commonwealth and on the markets"),
    (r"\bboxing\b", "Boxing Day: secular"),
    (r"\bnew year\b", "civil new year, or a regional one (Bengali, Tamil, Gujarati, Nepali, Karen,"
     " Myanmar) that tells a region or ethnicity, not a faith"),
    (r"\bhalloween\b", "Halloween: secular"),
    (r"\bvalentine\b", "Valentine's Day: secular"),
    (r"\bcarn[ai]val\b|\bmardi gras\b|\bfat tuesday\b|\bshrove\b",
     "carnival, Mardi Gras, Shrove (Pancake) Tuesday: street and food festivities"),
    (r"\bthanksgiving\b", "Thanksgiving: secular"),
    (r"\bsaints?\b|\bsint\b|\bst\b",
     "saints' days (St Patrick, St Stephen, St John/Midsummer, St Joseph, St George, St James,"
     " Sts Peter and Paul, All Saints): patron-saint public holidays and folk festivities; a bare"
     " 'Saint X' is a city, hospital or school"),
    (r"\bwhit\b|\bpentecost\b", "Whit/Pentecost Monday: statutory day off across continental"
     " Europe, so a Pentecost long weekend is ordinary"),
    (r"\bascension\b", "Ascension Day: statutory day off in Germany, France, the Benelux,"
     " Switzerland, the Nordics; 'ascension' is an ordinary word"),
    (r"\bassumption\b", "Assumption (15 August): statutory day off in France, Italy, Spain,"
     " Austria, Belgium, Poland, Portugal; 'assumption' is an ordinary word"),
    (r"\bcorpus (christi|domini)\b|\bfete dieu\b",
     "Corpus Christi (Fete Dieu): statutory day off in Germany, Austria, Poland, Portugal; also"
     " a US city"),
    (r"\bepiphany\b|\bthree kings\b", "Epiphany/Three Kings: statutory day off in Spain, Italy,"
     " Austria, the Nordics, a gift day in Latin America; 'epiphany' is an ordinary word"),
    (r"\bimmaculate conception\b|\blady of camarin\b", "Immaculate Conception (8 December):"
     " statutory day off in Italy, Spain, Austria, Portugal, the Philippines, Guam"),
    (r"^our lady\b", "'Our Lady of X' alone names Catholic hospitals, schools and parishes"),
    (r"\ball souls?\b|\bthe dead\b",
     "All Souls / Day of the Dead: cultural (Mexico), or a civic memorial phrase"),
    # Civil days that the package dates with a religious helper.
    (r"^(family|national|bank|state|mother|proclamation|tourism|southland anniversary|midsummer)"
     r" (day|holiday|week)$|^day of goodwill$|^spring festival$|^1st octave$|\bazores\b",
     "civil holiday dated with a Christian helper (Family Day, Day of Goodwill, National Day...)"),
    (r"^jerusalem day$", "Jerusalem Day: Israeli national day"),
    (r"^day maldives embraced islam$|^sultan of johor hol$", "national or royal commemoration"),
    (r"\brabindranath\b|\bmaharana pratap\b|\bchottu ram\b|\bagrasen\b|\bajmodh\b|"
     r"\bthiruvalluvar\b", "birthday of a poet, politician or king, not a religious day"),
    (r"^ali birthday$", "'Ali's birthday' is as likely a colleague's"),
    # Harvest, seasonal and regional new-year festivals kept across faiths in their region.
    (r"^(onam|pongal|bhogi|kanuma|lohri|hareli|cherchera|uzhavar thirunal)$|\bbihu\b",
     "harvest festival kept across faiths in its region (Pongal is also a dish)"),
    (r"\buttarayan\b", "Uttarayan: Gujarat's kite festival"),
    (r"\bpohela boishakh\b|\bputhandu\b|^meshadi$|\bvisuva sankranti\b|\blh?osar\b|\blh?ochhar\b",
     "regional or ethnic new year (Bengali, Tamil, Odia, Tibetan, Sherpa, Tamang, Gurung)"),
    # Ordinary phrases.
    (r"^(day of silence|great feast|little feast|green monday|black saturday)$",
     "an ordinary phrase (Nyepi's 'Day of Silence' is listed as 'nyepi')"),
    (r"^(ascension|assumption|epiphany|immaculate|conception|trinity|advent|lent|pentecost|"
     r"nativity|passion|feast)$",
     "single ordinary English word"),
)
EXCLUDE = tuple((re.compile(pattern), reason) for pattern, reason in EXCLUDE)


def load_holidays(wheel, target):
    """The `holidays` package at VERSION: from --wheel, installed, or installed now by pip (the
    wheel is unpacked, or pip installs, into the directory `target`)."""
    if wheel is not None:
        zipfile.ZipFile(wheel).extractall(target)
    else:
        try:
            import holidays

            if holidays.__version__ == VERSION:
                return holidays
        except ImportError:
            pass
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", target,
             f"holidays=={VERSION}"],
            check=True,
        )
    sys.path.insert(0, target)
    for module in [m for m in sys.modules if m == "holidays" or m.startswith("holidays.")]:
        del sys.modules[module]
    return importlib.import_module("holidays")


def wrap(method, names):
    """`method`, recording in `names` the translated name of each holiday it adds."""

    @functools.wraps(method)
    def recording(self, name, *args, **kwargs):
        names.add(self.tr(name))
        return method(self, name, *args, **kwargs)

    return recording


def read_names(holidays):
    """Every name the religious methods add, over all countries (with their subdivisions) and
    markets, in each English language they support (in their default language if they support
    none: its non-ASCII names are then dropped by `variants`); and the counts."""
    groups = importlib.import_module("holidays.groups")
    names = set()
    for mixin in RELIGIOUS_MIXINS:
        cls = getattr(groups, mixin)
        for attr, method in list(vars(cls).items()):
            if attr.startswith("_add_") and callable(method):
                setattr(cls, attr, wrap(method, names))
    for mixin, methods in RELIGIOUS_METHODS.items():
        cls = getattr(groups, mixin)
        for attr in methods:
            setattr(cls, attr, wrap(vars(cls)[attr], names))

    entities = [
        (holidays.country_holidays, code, subdivisions)
        for code, subdivisions in holidays.list_supported_countries(include_aliases=False).items()
    ] + [
        (holidays.financial_holidays, code, subdivisions)
        for code, subdivisions in holidays.list_supported_financial(include_aliases=False).items()
    ]
    for build, code, subdivisions in entities:
        cls = type(build(code, years=()))
        languages = [lang for lang in cls.supported_languages or () if lang.startswith("en")]
        for subdiv in (None, *subdivisions):
            for language in languages or (None,):
                build(code, subdiv=subdiv, years=YEARS, language=language,
                      categories=cls.supported_categories)
    countries = sum(build is holidays.country_holidays for build, _, _ in entities)
    return names, countries, len(entities) - countries


def fold(text):
    """`text` without accents; None if anything but ASCII is left (a name in another script)."""
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    return text if text.isascii() else None


def variants(name):
    """The patterns of a holiday name, one list per alternative (split at ' / '): the full form
    first, then the forms without trailing generic words; lower-case words of ASCII letters and
    digits, or nothing if the name is not in the Latin alphabet."""
    text = fold(name)
    if text is None:
        return []
    text = re.sub(r"\([^)]*\)|\*", " ", text.lower())
    out = []
    for part in text.split(" / "):
        words = re.sub(r"[^a-z0-9]+", " ", re.sub(r"['\u2019]s\b|['\u2019]", "", part)).split()
        if words[:1] == ["the"]:
            words = words[1:]
        forms = []
        while words:
            forms.append(" ".join(words))
            if len(words) < 2 or words[-1] not in GENERIC_TAIL:
                break
            words = words[:-1]
        if forms:
            out.append(forms)
    return out


def exclusion(cue):
    """Why `cue` is left out, or None."""
    if sum(c.isalpha() for c in cue) < 4:
        return "fewer than 4 letters"
    if KEEP.search(cue):
        return None
    return next((reason for pattern, reason in EXCLUDE if pattern.search(cue)), None)


def cues_of(names):
    """The cues of all names: an alternative whose full form is excluded gives no cue."""
    cues = set()
    for name in names:
        for forms in variants(name):
            if exclusion(forms[0]) is None:
                cues.update(form for form in forms if exclusion(form) is None)
    return sorted(cues)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"a holidays-{VERSION} wheel to use")
    parser.add_argument("--out", type=Path, default=OUT, help="output file (default: %(default)s)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="world-lexicon-") as target:
        holidays = load_holidays(args.wheel, target)
        names, countries, markets = read_names(holidays)
    cues = cues_of(names | set(HAND_LIST))
    assert all(re.fullmatch(r"[a-z0-9]+( [a-z0-9]+)*", cue) for cue in cues)

    lines = [
        f"# Generated by scripts/world-lexicon.py from the PyPI package holidays"
        f" {holidays.__version__} (MIT licence,",
        f"# https://github.com/vacanza/holidays): the religious holidays and observances of"
        f" {countries} countries,",
        "# in English. Do not edit: change the script and run it again.",
        'language = "en"',
        "",
        "[[rule]]",
        'category = "religion"',
        "cues = [",
        *(f'  "{cue}",' for cue in cues),
        "]",
    ]
    args.out.write_text("\n".join(lines) + "\n")
    print(
        f"read {countries} countries and {markets} markets of holidays {holidays.__version__}:"
        f" {len(names)} names; wrote {len(cues)} cues to {args.out}"
    )


if __name__ == "__main__":
    main()
