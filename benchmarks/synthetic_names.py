"""Seeded synthetic sanctions list and planted query variants, for scale and recall tests.

Names are multilingual: Latin-script given names with syllable-built family
names (a large, realistic vocabulary), some written in Cyrillic, Greek or
Arabic script, and organisations with legal forms. Entries carry aliases
(another script, reordered, a shortened form). Planted variants of listed
names — a typo, a reordering, a transliteration, a dropped part — must be
found again; fresh names built the same way but not listed measure false alerts.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from alliance.engines.screening.model import Alias, AliasQuality, EntryKind, ListEntry

GIVEN = [
    "james",
    "john",
    "robert",
    "michael",
    "william",
    "david",
    "richard",
    "joseph",
    "thomas",
    "charles",
    "maria",
    "anna",
    "elena",
    "olga",
    "ivan",
    "sergei",
    "dmitri",
    "alexei",
    "nikolai",
    "vladimir",
    "andrei",
    "pavel",
    "mikhail",
    "yuri",
    "igor",
    "oleg",
    "ahmed",
    "mohammed",
    "ali",
    "hassan",
    "hussein",
    "omar",
    "khalid",
    "yusuf",
    "ibrahim",
    "mahmoud",
    "karim",
    "tariq",
    "samir",
    "fatima",
    "aisha",
    "layla",
    "zainab",
    "nadia",
    "leila",
    "amina",
    "pierre",
    "jean",
    "louis",
    "francois",
    "jacques",
    "marie",
    "hans",
    "klaus",
    "peter",
    "juan",
    "carlos",
    "jose",
    "luis",
    "miguel",
    "pedro",
    "antonio",
    "manuel",
    "wei",
    "ming",
    "jun",
    "hui",
    "li",
    "hong",
    "kenji",
    "hiroshi",
    "takeshi",
    "yuki",
    "giorgos",
    "nikos",
    "dimitris",
    "kostas",
    "eleni",
    "sofia",
]
ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "kr",
    "st",
    "sh",
    "ch",
    "kh",
    "gr",
    "tr",
    "dr",
    "zh",
]
NUCLEI = ["a", "e", "i", "o", "u", "ai", "ou", "ia"]
CODAS = ("", "", "n", "r", "s", "l", "v", "k", "m", "t")
SUFFIXES = ("", "", "ov", "ev", "in", "enko", "escu", "ski", "idis", "oglu", "i", "ani")
ORG_WORDS = [
    "trading",
    "industrial",
    "global",
    "national",
    "petroleum",
    "shipping",
    "logistics",
    "holding",
    "capital",
    "energy",
    "mining",
    "metals",
    "chemical",
    "engineering",
    "import",
    "export",
    "bank",
    "finance",
    "investment",
    "resources",
    "technology",
    "systems",
    "marine",
    "aviation",
    "construction",
    "development",
]
LEGAL_FORMS = ("LLC", "Ltd", "OOO", "S.A.", "GmbH", "JSC", "Inc.", "Co. Ltd", "AG", "FZE")

# How real documents write the given names in other scripts: established spellings, by
# pronunciation (John is Джон, Τζον, جون), not letter by letter.
NATIVE_GIVEN: dict[str, tuple[str, str, str]] = {  # cyrillic, greek, arabic
    "james": ("Джеймс", "Τζέιμς", "جيمس"), "john": ("Джон", "Τζον", "جون"),
    "robert": ("Роберт", "Ρόμπερτ", "روبرت"), "michael": ("Майкл", "Μάικλ", "مايكل"),
    "william": ("Уильям", "Ουίλιαμ", "ويليام"), "david": ("Дэвид", "Ντέιβιντ", "ديفيد"),
    "richard": ("Ричард", "Ρίτσαρντ", "ريتشارد"), "joseph": ("Джозеф", "Τζόζεφ", "جوزيف"),
    "thomas": ("Томас", "Τόμας", "توماس"), "charles": ("Чарльз", "Τσαρλς", "تشارلز"),
    "maria": ("Мария", "Μαρία", "ماريا"), "anna": ("Анна", "Άννα", "آنا"),
    "elena": ("Елена", "Έλενα", "إيلينا"), "olga": ("Ольга", "Όλγα", "أولغا"),
    "ivan": ("Иван", "Ιβάν", "إيفان"), "sergei": ("Сергей", "Σεργκέι", "سيرغي"),
    "dmitri": ("Дмитрий", "Ντμίτρι", "ديمتري"), "alexei": ("Алексей", "Αλεξέι", "أليكسي"),
    "nikolai": ("Николай", "Νικολάι", "نيكولاي"), "vladimir": ("Владимир", "Βλαντιμίρ", "فلاديمير"),
    "andrei": ("Андрей", "Αντρέι", "أندريه"), "pavel": ("Павел", "Πάβελ", "بافل"),
    "mikhail": ("Михаил", "Μιχαήλ", "ميخائيل"), "yuri": ("Юрий", "Γιούρι", "يوري"),
    "igor": ("Игорь", "Ίγκορ", "إيغور"), "oleg": ("Олег", "Όλεγκ", "أوليغ"),
    "ahmed": ("Ахмед", "Αχμέντ", "أحمد"), "mohammed": ("Мухаммед", "Μοχάμεντ", "محمد"),
    "ali": ("Али", "Αλί", "علي"), "hassan": ("Хасан", "Χασάν", "حسن"),
    "hussein": ("Хусейн", "Χουσεΐν", "حسين"), "omar": ("Омар", "Ομάρ", "عمر"),
    "khalid": ("Халид", "Χαλίντ", "خالد"), "yusuf": ("Юсуф", "Γιουσούφ", "يوسف"),
    "ibrahim": ("Ибрагим", "Ιμπραήμ", "إبراهيم"), "mahmoud": ("Махмуд", "Μαχμούντ", "محمود"),
    "karim": ("Карим", "Καρίμ", "كريم"), "tariq": ("Тарик", "Ταρίκ", "طارق"),
    "samir": ("Самир", "Σαμίρ", "سمير"), "fatima": ("Фатима", "Φατίμα", "فاطمة"),
    "aisha": ("Аиша", "Αΐσα", "عائشة"), "layla": ("Лейла", "Λέιλα", "ليلى"),
    "zainab": ("Зайнаб", "Ζαϊνάμπ", "زينب"), "nadia": ("Надия", "Νάντια", "نادية"),
    "leila": ("Лейла", "Λεΐλα", "ليلى"), "amina": ("Амина", "Αμίνα", "أمينة"),
    "pierre": ("Пьер", "Πιερ", "بيير"), "jean": ("Жан", "Ζαν", "جان"),
    "louis": ("Луи", "Λουί", "لويس"), "francois": ("Франсуа", "Φρανσουά", "فرانسوا"),
    "jacques": ("Жак", "Ζακ", "جاك"), "marie": ("Мари", "Μαρί", "ماري"),
    "hans": ("Ханс", "Χανς", "هانز"), "klaus": ("Клаус", "Κλάους", "كلاوس"),
    "peter": ("Петер", "Πέτερ", "بيتر"), "juan": ("Хуан", "Χουάν", "خوان"),
    "carlos": ("Карлос", "Κάρλος", "كارلوس"), "jose": ("Хосе", "Χοσέ", "خوسيه"),
    "luis": ("Луис", "Λουίς", "لويس"), "miguel": ("Мигель", "Μιγκέλ", "ميغيل"),
    "pedro": ("Педро", "Πέδρο", "بيدرو"), "antonio": ("Антонио", "Αντόνιο", "أنطونيو"),
    "manuel": ("Мануэль", "Μανουέλ", "مانويل"), "wei": ("Вэй", "Γουέι", "وي"),
    "ming": ("Мин", "Μινγκ", "مينغ"), "jun": ("Цзюнь", "Τζουν", "جون"),
    "hui": ("Хуэй", "Χούι", "هوي"), "li": ("Ли", "Λι", "لي"), "hong": ("Хун", "Χονγκ", "هونغ"),
    "kenji": ("Кэндзи", "Κέντζι", "كينجي"), "hiroshi": ("Хироси", "Χιρόσι", "هيروشي"),
    "takeshi": ("Такэси", "Τακέσι", "تاكيشي"), "yuki": ("Юки", "Γιούκι", "يوكي"),
    "giorgos": ("Георгиос", "Γιώργος", "يورغوس"), "nikos": ("Никос", "Νίκος", "نيكوس"),
    "dimitris": ("Димитрис", "Δημήτρης", "ديميتريس"), "kostas": ("Костас", "Κώστας", "كوستاس"),
    "eleni": ("Элени", "Ελένη", "إيليني"), "sofia": ("София", "Σοφία", "صوفيا"),
}  # fmt: skip
_SCRIPT_COLUMN = {"cyrillic": 0, "greek": 1, "arabic": 2}

# Family names are built from syllables, so they are written by sound, syllable by
# syllable, as documents transcribe a foreign name (longest spelling first).
_CYRILLIC = {
    "shch": "щ", "sh": "ш", "ch": "ч", "kh": "х", "zh": "ж", "ts": "ц", "ai": "ай",
    "ou": "у", "ia": "ия", "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф",
    "g": "г", "h": "х", "i": "и", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "z": "з",
}  # fmt: skip
# Modern Greek writes foreign b, d, g as μπ, ντ, γκ (β, δ, γ are v, dh, gh) and ch as τσ.
_GREEK = {
    "sh": "σ", "ch": "τσ", "kh": "χ", "zh": "ζ", "ts": "τσ", "ai": "αϊ", "ou": "ου", "ia": "ια",
    "a": "α", "b": "μπ", "c": "κ", "d": "ντ", "e": "ε", "f": "φ", "g": "γκ", "h": "χ",
    "i": "ι", "k": "κ", "l": "λ", "m": "μ", "n": "ν", "o": "ο", "p": "π", "r": "ρ", "s": "σ",
    "t": "τ", "u": "ου", "v": "β", "z": "ζ",
}  # fmt: skip
# Arabic spells a foreign name's vowels with long-vowel letters (a ا, i/e ي, o/u و)
# but often leaves an unstressed e unwritten; a word-initial vowel is carried by alif.
_ARABIC = {
    "sh": "ش", "ch": "تش", "kh": "خ", "zh": "ج", "ts": "تس", "ai": "اي", "ou": "و", "ia": "يا",
    "a": "ا", "b": "ب", "c": "ك", "d": "د", "e": "", "f": "ف", "g": "غ", "h": "ه", "i": "ي",
    "k": "ك", "l": "ل", "m": "م", "n": "ن", "o": "و", "p": "ب", "r": "ر", "s": "س", "t": "ت",
    "u": "و", "v": "ف", "z": "ز",
}  # fmt: skip
_ARABIC_INITIAL = {"a": "أ", "e": "إ", "i": "إي", "o": "أو", "u": "أو"}


def _render(word: str, table: dict[str, str], initial: dict[str, str] | None = None) -> str:
    out, i = [], 0
    while i < len(word):
        if i == 0 and initial and word[0] in initial and word[:2] not in table:
            out.append(initial[word[0]])
            i += 1
            continue
        for n in (4, 3, 2, 1):
            chunk = word[i : i + n]
            if chunk in table:
                out.append(table[chunk])
                i += n
                break
        else:
            out.append(word[i])
            i += 1
    text = "".join(out)
    if table is _GREEK and text.endswith("σ"):
        text = text[:-1] + "ς"  # final sigma
    return text.capitalize() if table is not _ARABIC else text


def to_script(name: str, script: str) -> str:
    """``name`` as a document in ``script`` would write it."""
    column = _SCRIPT_COLUMN[script]
    table = {"cyrillic": _CYRILLIC, "greek": _GREEK, "arabic": _ARABIC}[script]
    initial = _ARABIC_INITIAL if script == "arabic" else None
    words = []
    for word in name.lower().split():
        native = NATIVE_GIVEN.get(word)
        words.append(native[column] if native else _render(word, table, initial))
    return " ".join(words)


class NameFactory:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def family(self) -> str:
        r = self.rng
        parts = [
            r.choice(ONSETS) + r.choice(NUCLEI) + r.choice(CODAS) for _ in range(r.randint(2, 3))
        ]
        return ("".join(parts) + r.choice(SUFFIXES)).capitalize()

    def person(self) -> str:
        r = self.rng
        tokens = [r.choice(GIVEN).capitalize()]
        if r.random() < 0.4:
            tokens.append(r.choice(GIVEN).capitalize())
        tokens.append(self.family())
        if r.random() < 0.15:
            tokens.append(self.family())
        return " ".join(tokens)

    def organisation(self) -> str:
        r = self.rng
        words = [self.family(), *r.sample(ORG_WORDS, r.randint(1, 2))]
        return " ".join(w.capitalize() for w in words) + " " + r.choice(LEGAL_FORMS)


def synthetic_entries(count: int, seed: int = 20260508) -> Iterator[ListEntry]:
    """``count`` entries, about a third with aliases."""
    names = NameFactory(seed)
    r = names.rng
    for i in range(count):
        if r.random() < 0.8:
            kind, name = EntryKind.PERSON, names.person()
        else:
            kind, name = EntryKind.ORGANISATION, names.organisation()
        aliases: list[Alias] = []
        roll = r.random()
        if roll < 0.15:
            script = r.choice(("cyrillic", "greek", "arabic"))
            aliases.append(Alias(to_script(name, script), AliasQuality.STRONG, script))
        elif roll < 0.25:
            aliases.append(Alias(" ".join(reversed(name.split())), AliasQuality.WEAK))
        elif roll < 0.35 and kind is EntryKind.PERSON:
            aliases.append(Alias(names.person(), AliasQuality.WEAK))
        yield ListEntry("synthetic", f"S{i:07d}", kind, name, tuple(aliases))


@dataclass(frozen=True, slots=True)
class Planted:
    query: str
    variant: str  # typo, reorder, transliteration, dropped part
    entry_id: str
    kind: EntryKind


def _typo(word: str, r: random.Random) -> str:
    i = r.randrange(1, len(word) - 1)
    op = r.choice(("swap", "drop", "double", "replace"))
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == "drop":
        return word[:i] + word[i + 1 :]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + r.choice("aeioubdklmnrst") + word[i + 1 :]


def planted_variants(entries: list[ListEntry], count: int, seed: int = 7) -> list[Planted]:
    """Queries derived from random listed names, one of four variants each."""
    r = random.Random(seed)
    out: list[Planted] = []
    variants = ("typo", "reorder", "transliteration", "dropped part")
    while len(out) < count:
        entry = r.choice(entries)
        tokens = entry.primary_name.split()
        variant = variants[len(out) % 4]
        if variant == "typo":
            long_ones = [i for i, t in enumerate(tokens) if len(t) >= 5]
            if not long_ones:
                continue
            i = r.choice(long_ones)
            tokens[i] = _typo(tokens[i], r)
            query = " ".join(tokens)
        elif variant == "reorder":
            if len(tokens) < 2:
                continue
            query = " ".join(tokens[-1:] + tokens[:-1])
        elif variant == "transliteration":
            if entry.kind is not EntryKind.PERSON:
                continue
            query = to_script(entry.primary_name, r.choice(("cyrillic", "greek", "arabic")))
        else:
            if len(tokens) < 3 or entry.kind is not EntryKind.PERSON:
                continue
            del tokens[r.randrange(1, len(tokens) - 1)]
            query = " ".join(tokens)
        out.append(Planted(query, variant, entry.entry_id, entry.kind))
    return out


def unlisted_people(count: int, seed: int = 99) -> list[str]:
    """People built like the listed ones but from another seed: nobody on the list."""
    names = NameFactory(seed)
    return [names.person() for _ in range(count)]
