"""Mine a first-name gender table from news text: who is called Mr., Mrs. or Ms., or a gendered title.

Writes src/newsledger/stages/entities/lexicons/first_names.tsv (``name<TAB>f|m<TAB>votes``), read by the
entities stage to give a person a gender from the first word of the name ("Helen Marsh" ... "she"):

    python training/first_names.py --news ../shared/data/news/allsides-articles.jsonl \
        --wire ../shared/data/news/te3_silver_afp_xin.jsonl --round data/annotations/news-2026-12

No spaCy, no labels: in each article a surname that follows an honorific ("Mr. Marsh", "Ms. Marsh") or a
gendered title ("Congresswoman Helen Marsh", "Queen ...") gives its gender to the first names written
before the same surname in that article ("Helen Marsh"). Votes are summed over the corpus; a name is kept
when it has at least MIN_VOTES and at least SHARE of them agree. The documents of the annotation round's
dev and test splits, and every article of the outlets held out by the round's test split, are skipped, so
the table never reads the texts the round scores.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from common import PACKAGE
from newsledger.geo.places import place_tables

OUT = PACKAGE / "stages" / "entities" / "lexicons" / "first_names.tsv"
MIN_VOTES = 2
SHARE = 0.9
# A lower-case word seen this often in the corpus is an ordinary word, not a first name.
MIN_WORD_COUNT = 5
# Outlets of the round's held-out test stratum (data/annotations/news-2026-12/README.md): never read.
HELD_OUT_OUTLETS = {"Christian Science Monitor", "Breitbart News", "The Guardian", "Associated Press"}
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lady|Lord|King|Queen|Prince|Princess|Congressman|Congresswoman|"
                        r"Chairman|Chairwoman|Spokesman|Spokeswoman|Madam|Baroness|Baron|Duke|Duchess)\.?\s+"
                        r"(?:[A-Z][a-z]+\s+)?([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
_GENDER = {"mr": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m", "congressman": "m", "chairman": "m",
           "spokesman": "m", "baron": "m", "duke": "m",
           "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f", "queen": "f", "princess": "f",
           "congresswoman": "f", "chairwoman": "f", "spokeswoman": "f", "madam": "f", "baroness": "f", "duchess": "f"}
# Capitalised words that open a full name but are not first names.
_NOT_FIRST = {"Mr", "Mrs", "Ms", "Miss", "Sir", "Dame", "Lady", "Lord", "King", "Queen", "Prince", "Princess",
              "President", "Senator", "Sen", "Rep", "Gov", "Governor", "General", "Gen", "Dr", "Prime", "Minister",
              "The", "A", "An", "And", "But", "When", "If", "As", "In", "On", "At", "For", "From", "With", "By",
              "Former", "Secretary", "Chairman", "Chairwoman", "Judge", "Justice", "Mayor", "Speaker", "Leader",
              "Congressman", "Congresswoman", "Spokesman", "Spokeswoman", "Madam", "Saint", "St", "Col", "Lt",
              "Capt", "Sgt", "Adm", "Attorney", "Chief", "Deputy", "Vice", "Ambassador", "Pope", "Emperor",
              "Rev", "Father", "Sister", "Brother", "Mother", "Uncle", "Aunt", "Baroness", "Baron", "Duke", "Duchess"}


# Common given names written by hand (a seed the corpus votes add to; "seed" in the votes column).
SEED_FEMALE = ["Abigail", "Ada", "Adriana", "Agnes", "Aisha", "Alexandra", "Alice", "Alicia", "Alison", "Amanda", "Amber", "Amelia", "Amy", "Ana", "Andrea", "Angela", "Angelina", "Anita", "Ann", "Anna", "Anne", "Annette", "Antonia", "Ashley", "Audrey", "Barbara", "Beatrice", "Betty", "Beverly", "Brenda", "Bridget", "Camila", "Carla", "Carmen", "Carol", "Caroline", "Catherine", "Cecilia", "Charlotte", "Cheryl", "Christina", "Christine", "Claire", "Claudia", "Colleen", "Cynthia", "Daisy", "Daniela", "Deborah", "Denise", "Diana", "Diane", "Donna", "Doris", "Dorothy", "Elena", "Eleanor", "Elisabeth", "Elizabeth", "Ella", "Ellen", "Emily", "Emma", "Erica", "Erin", "Esther", "Eva", "Evelyn", "Fatima", "Fiona", "Frances", "Francesca", "Gabriela", "Gina", "Gloria", "Grace", "Hannah", "Heather", "Heidi", "Helen", "Helena", "Ingrid", "Irene", "Isabel", "Isabella", "Jacqueline", "Jane", "Janet", "Janice", "Jasmine", "Jean", "Jennifer", "Jessica", "Jill", "Joan", "Joanna", "Joanne", "Jodi", "Josephine", "Joyce", "Judith", "Judy", "Julia", "Julie", "Karen", "Karin", "Katarina", "Kate", "Katherine", "Kathleen", "Kathryn", "Katie", "Kelly", "Kimberly", "Kristen", "Kristin", "Laura", "Lauren", "Leila", "Lena", "Lily", "Linda", "Lisa", "Liz", "Lorraine", "Louise", "Lucia", "Lucy", "Lynn", "Madeline", "Margaret", "Maria", "Marianne", "Marie", "Marilyn", "Marina", "Marion", "Martha", "Mary", "Maya", "Megan", "Melanie", "Melissa", "Michelle", "Mildred", "Miriam", "Molly", "Monica", "Nadia", "Nancy", "Naomi", "Natalia", "Natalie", "Natasha", "Nicole", "Nina", "Nora", "Olga", "Olivia", "Pamela", "Patricia", "Paula", "Pauline", "Peggy", "Penelope", "Phyllis", "Priscilla", "Rachel", "Rebecca", "Regina", "Renee", "Rita", "Roberta", "Rosa", "Rosemary", "Ruth", "Sabrina", "Samantha", "Sandra", "Sara", "Sarah", "Sharon", "Sheila", "Shirley", "Silvia", "Simone", "Sofia", "Sonia", "Sophia", "Sophie", "Stephanie", "Susan", "Susanne", "Suzanne", "Svetlana", "Sylvia", "Tamara", "Tanya", "Teresa", "Theresa", "Tiffany", "Tina", "Ursula", "Valentina", "Valerie", "Vanessa", "Vera", "Veronica", "Victoria", "Virginia", "Wendy", "Yasmin", "Yolanda", "Yulia", "Yvonne", "Zoe"]
SEED_MALE = ["Aaron", "Abdul", "Abraham", "Adam", "Adrian", "Ahmed", "Alan", "Albert", "Alejandro", "Alexander", "Alexei", "Ali", "Andrew", "Andrei", "Angelo", "Anthony", "Antonio", "Arthur", "Barack", "Benjamin", "Bernard", "Bernie", "Boris", "Brandon", "Brian", "Bruce", "Bryan", "Carl", "Carlos", "Charles", "Christopher", "Colin", "Craig", "Daniel", "Darren", "David", "Dennis", "Dmitry", "Donald", "Douglas", "Dylan", "Edward", "Emmanuel", "Eric", "Ernest", "Eugene", "Fernando", "Francis", "Francisco", "Frank", "Fred", "Frederick", "Gary", "George", "Gerald", "Gregory", "Hamid", "Harold", "Harry", "Hassan", "Henry", "Howard", "Hugh", "Hussein", "Ian", "Ibrahim", "Igor", "Isaac", "Ivan", "Jack", "Jacob", "James", "Jason", "Jeffrey", "Jeremy", "Jerome", "Jim", "Joe", "John", "Jonathan", "Jorge", "Jose", "Joseph", "Joshua", "Juan", "Karl", "Keith", "Kenneth", "Kevin", "Khalid", "Larry", "Lawrence", "Leonard", "Louis", "Luis", "Luke", "Marco", "Mario", "Martin", "Matthew", "Max", "Michael", "Miguel", "Mikhail", "Mohammed", "Muhammad", "Nathan", "Neil", "Nicholas", "Nikolai", "Oliver", "Omar", "Oscar", "Patrick", "Paul", "Pedro", "Peter", "Philip", "Rafael", "Ralph", "Ramon", "Raymond", "Richard", "Robert", "Roger", "Ronald", "Russell", "Ryan", "Samuel", "Scott", "Sean", "Sergei", "Sergey", "Stanley", "Stephen", "Steve", "Steven", "Thomas", "Timothy", "Todd", "Tony", "Victor", "Vincent", "Vladimir", "Walter", "Wayne", "William", "Yuri", "Zachary"]


def _blocked_ids(round_dir: Path) -> set[str]:
    with (round_dir / "split.tsv").open(encoding="utf-8", newline="") as fh:
        return {r["id"] for r in csv.DictReader(fh, delimiter="\t") if r["split"] in ("dev", "test")}


def texts(news: Path, wire: Path | None, blocked: set[str]) -> Iterator[str]:
    """Article texts of the corpora, without the round's dev/test documents and held-out outlets."""
    with news.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if f"allsides:{rec['ID']}" in blocked or rec.get("source") in HELD_OUT_OUTLETS:
                continue
            yield rec["text"]
    if wire is not None:
        with wire.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if f"wire:{rec['docid']}" not in blocked:
                    yield rec["text"]


# "Helen Marsh said ... . She added ...": a full name opening a sentence, the next sentence opening with a
# pronoun, and no other capitalised pair in between.
_NEXT_PRONOUN = re.compile(r"(?:^|[.!?]\s+|\n)([A-Z][a-z]{1,14})\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b"
                           r"(?:[^.!?\n]*?)[.!?]\s+(He|She)\s")
_SAID_PRONOUN = re.compile(r"\b([A-Z][a-z]{1,14})\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+(?:said|says|told|added)"
                           r"\s+(?:that\s+)?(he|she|his|her)\b")


def votes_of(text: str) -> Counter[tuple[str, str]]:
    """(first name, gender) votes of one article."""
    surnames: dict[str, Counter[str]] = defaultdict(Counter)
    for m in _HONORIFIC.finditer(text):
        surnames[m.group(2)][_GENDER[m.group(1).lower()]] += 1
    out: Counter[tuple[str, str]] = Counter()
    for surname, genders in surnames.items():
        if len(genders) != 1:
            continue  # "Mr. and Mrs. Marsh": both
        gender = next(iter(genders))
        firsts = set(re.findall(r"\b([A-Z][a-z]{1,14})\s+(?:[A-Z]\.\s+)?" + re.escape(surname) + r"\b", text))
        for first in firsts - _NOT_FIRST:
            out[(first, gender)] += 1
    for m in [*_NEXT_PRONOUN.finditer(text), *_SAID_PRONOUN.finditer(text)]:
        first, pron = m.group(1), m.group(2).lower()
        if first not in _NOT_FIRST:
            out[(first, "f" if pron in ("she", "her") else "m")] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--news", type=Path, required=True)
    ap.add_argument("--wire", type=Path)
    ap.add_argument("--round", type=Path, required=True, help="annotation round whose dev/test documents are skipped")
    ns = ap.parse_args()
    total: Counter[tuple[str, str]] = Counter()
    lower: Counter[str] = Counter()
    n = 0
    for text in texts(ns.news, ns.wire, _blocked_ids(ns.round)):
        total += votes_of(text)
        lower.update(re.findall(r"\b[a-z]+\b", text))
        n += 1
    # capitalised ordinary words ("However", "Story") are no first names
    words = {w for w, c in lower.items() if c >= MIN_WORD_COUNT}
    tables = place_tables()  # place names and nationality words ("Boston", "Syrian") are no first names
    words |= {w.lower() for w in (*tables.places, *tables.demonyms) if " " not in w}
    names = {name for name, _ in total}
    rows: dict[str, tuple[str, str]] = {}
    for name in sorted(names):
        f, m = total[(name, "f")], total[(name, "m")]
        if f + m >= MIN_VOTES and max(f, m) >= SHARE * (f + m) and name.lower() not in words:
            rows[name] = ("f" if f > m else "m", str(f + m))
    for seed, gender in ((SEED_FEMALE, "f"), (SEED_MALE, "m")):
        for name in seed:
            if name not in rows:
                rows[name] = (gender, "seed")
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# First names and the gender news text gives them (training/first_names.py; do not edit by hand).\n")
        fh.write(f"# {n} articles read; a name needs {MIN_VOTES} votes, {SHARE:.0%} of them agreeing.\n")
        fh.write("# name<TAB>f|m<TAB>votes\n")
        for name in sorted(rows):
            g, v = rows[name]
            fh.write(f"{name}\t{g}\t{v}\n")
    print(f"{len(rows)} names from {n} articles -> {OUT}")


if __name__ == "__main__":
    main()
