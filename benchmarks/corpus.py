"""Gives a synthetic news corpus for the throughput benchmark: deterministic, from templates.

Each article is 5-15 sentences about two or three states meeting, signing, pledging aid, criticising,
sanctioning, attacking or protesting, with real country names, invented people, dates and places,
split into paragraphs of one to three sentences as wire copy is. The same seed gives the same corpus
on every machine, so runs can be compared. Every sentence here was written for this file.
"""
from __future__ import annotations

import datetime
import random
from tidings.documents import Document

# (name, nationality adjective, capital): facts, chosen so that each adjective belongs to one country.
COUNTRIES = [
    ("Kenya", "Kenyan", "Nairobi"), ("Ethiopia", "Ethiopian", "Addis Ababa"), ("Nigeria", "Nigerian", "Abuja"),
    ("Ghana", "Ghanaian", "Accra"), ("Egypt", "Egyptian", "Cairo"), ("Morocco", "Moroccan", "Rabat"),
    ("Turkey", "Turkish", "Ankara"), ("Iran", "Iranian", "Tehran"), ("Iraq", "Iraqi", "Baghdad"),
    ("Jordan", "Jordanian", "Amman"), ("Saudi Arabia", "Saudi", "Riyadh"), ("Pakistan", "Pakistani", "Islamabad"),
    ("India", "Indian", "New Delhi"), ("Bangladesh", "Bangladeshi", "Dhaka"), ("Vietnam", "Vietnamese", "Hanoi"),
    ("Thailand", "Thai", "Bangkok"), ("Indonesia", "Indonesian", "Jakarta"), ("Japan", "Japanese", "Tokyo"),
    ("China", "Chinese", "Beijing"), ("Kazakhstan", "Kazakh", "Astana"), ("Russia", "Russian", "Moscow"),
    ("Ukraine", "Ukrainian", "Kyiv"), ("Poland", "Polish", "Warsaw"), ("Germany", "German", "Berlin"),
    ("France", "French", "Paris"), ("Spain", "Spanish", "Madrid"), ("Brazil", "Brazilian", "Brasilia"),
    ("Argentina", "Argentine", "Buenos Aires"), ("Mexico", "Mexican", "Mexico City"), ("Canada", "Canadian", "Ottawa"),
    ("Australia", "Australian", "Canberra"), ("Chile", "Chilean", "Santiago"),
]
TITLES = ["President", "Prime Minister", "Foreign Minister", "Defence Minister", "Trade Minister",
          "Interior Minister", "Finance Minister", "Deputy Foreign Minister"]
# Invented people: given names and family names drawn from many languages, combined at random.
GIVEN = ["Amara", "Tomas", "Leila", "Kenji", "Ines", "Dmitri", "Nadia", "Oluwaseun", "Mateo", "Farida",
         "Jonas", "Priya", "Yusuf", "Elena", "Chidi", "Sofia", "Arman", "Mei", "Rafael", "Anika"]
FAMILY = ["Okonkwo", "Varga", "Haddad", "Morikawa", "Castellan", "Petrov", "Benali", "Adeyemi", "Quiroga",
          "Rahimova", "Lindqvist", "Raman", "Demir", "Novak", "Eze", "Marchetti", "Sadykov", "Lin", "Duarte", "Holm"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
GOODS = ["wheat", "fuel", "medicine", "vaccines", "tents", "drinking water", "seed grain"]
SECTORS = ["energy", "banking", "shipping", "mining", "aviation", "arms"]
TOPICS = ["border security", "trade", "energy supplies", "water sharing", "migration", "fishing rights"]

# One idea a template: {A}/{B} are states, {Aadj}/{Badj} their adjectives, {Acap}/{Bcap} capitals,
# {Ap}/{Bp} a titled person ("Kenyan Foreign Minister Amara Okonkwo"), {Asur}/{Bsur} the surname alone.
LEADS: dict[str, list[str]] = {
    "meet": [
        "{Ap} met {Bp} in {Bcap} on {day} to discuss {topic}.",
        "{Ap} arrived in {Bcap} on {day} for two days of talks with {Bp}.",
        "Officials from {A} and {B} held talks on {topic} in {place} on {day}.",
    ],
    "sign": [
        "{A} and {B} signed an agreement on {topic} in {place} on {day}.",
        "{Ap} and {Bp} signed a treaty on {topic} on {day}, ending months of negotiation.",
        "{A} signed a defence cooperation pact with {B} on {day}.",
    ],
    "aid": [
        "{A} pledged ${n} million in emergency aid to {B} on {day} after severe flooding.",
        "{Ap} promised to send {goods} to {B} within a week, officials said on {day}.",
        "{A} delivered {n} tonnes of {goods} to {B} on {day}.",
    ],
    "criticise": [
        "{Ap} sharply criticised {B} on {day} over its handling of {topic}.",
        "{A} accused {B} on {day} of violating the terms of their {topic} agreement.",
        "{Acap} condemned {Badj} officials on {day} for what it called reckless statements.",
    ],
    "sanction": [
        "{A} imposed sanctions on {Badj} {sector} companies on {day}.",
        "{A} announced new sanctions against {B} on {day}, freezing the assets of {n} officials.",
        "{Ap} said on {day} that {A} would restrict imports from {B}.",
    ],
    "attack": [
        "{Aadj} troops attacked {Badj} border posts on {day}, killing {n} soldiers.",
        "{Aadj} aircraft bombed positions inside {B} on {day}, the {Badj} military said.",
        "{Aadj} forces shelled villages near the {Badj} border overnight on {day}.",
    ],
    "protest": [
        "Thousands of people protested outside the {Aadj} embassy in {Bcap} on {day}.",
        "Protesters marched through {Bcap} on {day} to denounce the government's deal with {A}.",
        "Hundreds of students demonstrated in {place} on {day} against {Aadj} policy on {topic}.",
    ],
}
FOLLOWS: dict[str, list[str]] = {
    "meet": [
        "The two leaders also discussed {topic2}, according to a statement from {Acap}.",
        "{Bsur} told reporters that the talks had been frank and useful.",
        "{Asur} invited {Bsur} to visit {A} later this year.",
    ],
    "sign": [
        "Under the deal, {A} will build a new rail line to the {Badj} border.",
        "{Bsur} said the agreement would double trade between the two countries within five years.",
        "The two sides agreed to meet again in {Acap} in the autumn.",
    ],
    "aid": [
        "The first shipment of {goods} reached {Bcap} on {day2}.",
        "{Bsur} thanked {A} for its support and urged other countries to help.",
        "{A} also offered to send engineers to repair damaged bridges.",
    ],
    "criticise": [
        "{Bsur} rejected the accusations as baseless.",
        "The {Badj} foreign ministry summoned the {Aadj} ambassador on {day2}.",
        "{Asur} warned that {A} would respond if the violations continued.",
    ],
    "sanction": [
        "{B} denounced the measures and threatened to retaliate.",
        "{Bsur} called the sanctions an act of economic war.",
        "The sanctions also bar {Badj} ships from {Aadj} ports.",
    ],
    "attack": [
        "{B} said it had shot down two drones and vowed to defend its territory.",
        "{Bp} called on the United Nations to condemn the attack.",
        "{A} denied targeting civilians and said its troops had come under fire first.",
    ],
    "protest": [
        "Police fired tear gas to disperse the crowd, witnesses said.",
        "The organisers demanded that {B} cut ties with {A}.",
        "{Bsur} appealed for calm and promised an inquiry.",
    ],
}
# Background that codes no event: it makes the corpus look like news, where most sentences are context.
BACKGROUND = [
    "Relations between {A} and {B} have been strained since a dispute over {topic} in {year}.",
    "Trade between the two countries reached ${n} billion last year.",
    "{B} has a population of about {n} million people.",
    "Analysts in {Acap} said the move reflected growing concern about {topic2}.",
    "The two countries share a border of more than {n}00 kilometres.",
    "It was the first such visit in {small} years.",
    "The meeting came a week before a regional summit in {place}.",
    "Markets in {Bcap} were little changed after the announcement.",
    "A spokesperson for the {Badj} government declined to comment further.",
    "The {Aadj} opposition has long called for a tougher line on {topic2}.",
]


def _person(rng: random.Random, adjective: str) -> tuple[str, str]:
    """Gives a titled invented person of a country and their surname."""
    surname = rng.choice(FAMILY)
    return f"{adjective} {rng.choice(TITLES)} {rng.choice(GIVEN)} {surname}", surname


def _slots(rng: random.Random, doc_date: datetime.date) -> dict[str, str]:
    """Gives the values of one article's template slots: its two states, people, topics and days."""
    (a, aadj, acap), (b, badj, bcap), (_, _, other) = rng.sample(COUNTRIES, 3)
    ap, asur = _person(rng, aadj)
    bp, bsur = _person(rng, badj)
    topic, topic2 = rng.sample(TOPICS, 2)
    return {
        "A": a, "Aadj": aadj, "Acap": acap, "Ap": ap, "Asur": asur,
        "B": b, "Badj": badj, "Bcap": bcap, "Bp": bp, "Bsur": bsur,
        "place": rng.choice([acap, bcap, other]), "topic": topic, "topic2": topic2,
        "day": WEEKDAYS[(doc_date.weekday() - 1) % 7], "day2": WEEKDAYS[doc_date.weekday()],
        "goods": rng.choice(GOODS), "sector": rng.choice(SECTORS),
        "year": str(doc_date.year - rng.randint(2, 12)),
    }


def _fill(rng: random.Random, template: str, slots: dict[str, str]) -> str:
    """Gives a template with its slots filled; numbers are drawn fresh for each sentence."""
    text = template.format(n=rng.randint(2, 90), small=rng.randint(3, 20), **slots)
    return text[0].upper() + text[1:]


def _paragraphs(rng: random.Random, sentences: list[str]) -> str:
    """Gives the sentences joined into paragraphs of one to three sentences, blank-line separated."""
    paras, i = [], 0
    while i < len(sentences):
        take = rng.randint(1, 3)
        paras.append(" ".join(sentences[i:i + take]))
        i += take
    return "\n\n".join(paras)


def article(rng: random.Random, doc_id: str, doc_date: datetime.date) -> Document:
    """Gives one article of 5-15 sentences: a lead, follow-ups, background, maybe a second story."""
    slots = _slots(rng, doc_date)
    kinds = list(LEADS)
    main = rng.choice(kinds)
    want = rng.randint(5, 15)
    lead = rng.choice(LEADS[main])
    used = {lead}
    sentences = [_fill(rng, lead, slots)]
    # Follow-ups of the main story, background, and other stories' leads; each template once an article.
    pools = [FOLLOWS[main], BACKGROUND, [t for kind in kinds for t in LEADS[kind]]]
    while len(sentences) < want:
        template = rng.choice(rng.choices(pools, weights=[4, 4, 2])[0])
        if template not in used:
            used.add(template)
            sentences.append(_fill(rng, template, slots))
    return Document(id=doc_id, text=_paragraphs(rng, sentences), date=doc_date.isoformat())


def corpus(n_docs: int = 200, seed: int = 13) -> list[Document]:
    """Gives `n_docs` articles, the same ones for the same seed, dated over 2024."""
    rng = random.Random(seed)
    start = datetime.date(2024, 1, 1)
    return [article(rng, f"bench-{i:04d}", start + datetime.timedelta(days=rng.randrange(366)))
            for i in range(n_docs)]


if __name__ == "__main__":
    # `python benchmarks/corpus.py 3` prints three articles, to see what the benchmark codes.
    import sys

    for doc in corpus(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        print(f"== {doc.id} {doc.date}\n{doc.text}\n")
