"""Who is in the demo: invented French people with believable profiles. No database here.

Everything is drawn from the generator's `random.Random(seed)`, in a fixed order, so the same
seed always casts the same people.
"""

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cercle.demo import data

PME, MAIRIES, ENSEIGNANTS = "dirigeants-pme", "secretaires-de-mairie", "cooperative-enseignants"

# Share of women per community: most town-hall secretaries are women, fewer SME leaders are.
WOMEN_SHARE = {PME: 0.35, MAIRIES: 0.85, ENSEIGNANTS: 0.7}

_GENDERED = re.compile(r"\[([^\[\]|]*)\|([^\[\]]*)\]")


def gendered(text: str, gender: str) -> str:
    """`[Ancien|Ancienne] comptable` -> the form for this person's gender."""
    return _GENDERED.sub(lambda m: m.group(2) if gender == "f" else m.group(1), text)


def ascii_slug(text: str) -> str:
    """`Le Floch` -> `le-floch`, `Hélène` -> `helene` (for email addresses)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", "-", plain.lower()).strip("-")


def de(name: str) -> str:
    """`de Salers`, `d'Uzerche`, `du Mans`: "of" before a French name."""
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    if ascii_slug(name[0]) in "aeiouy":
        return f"d'{name}"
    return f"de {name}"


def a(name: str) -> str:
    """`à Lyon`, `au Mans`: "in" before a town's name."""
    if name.startswith("Le "):
        return f"au {name[3:]}"
    if name.startswith("Les "):
        return f"aux {name[4:]}"
    return f"à {name}"


@dataclass(eq=False)
class Person:
    first: str
    last: str
    gender: str
    email: str
    region: str = ""
    city: str = ""
    organisation: str = ""
    job_title: str = ""
    bio: str = ""
    skills: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    can_help_with: str = ""
    looking_for: str = ""
    # How much of their profile they filled in: "full", "partial" or "none".
    profile: str = "full"
    # For the cast written by hand: community slug -> "animator", "co-animator" or "member".
    roles: dict[str, str] = field(default_factory=dict)
    early: bool = False  # arrives in the first half of the year
    special: bool = False  # written by hand: never drawn to leave or to moderate
    # Set by the generator.
    signed_up: datetime | None = None
    user: Any = None

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def profile_fields(self) -> dict:
        fields = {
            "organisation": self.organisation,
            "job_title": self.job_title,
            "region": self.region,
            "city": self.city,
        }
        if self.profile == "full":
            fields.update(
                bio=self.bio, can_help_with=self.can_help_with, looking_for=self.looking_for
            )
        return fields


class Casting:
    """Draws new people, never twice the same name or address."""

    def __init__(self, rng: random.Random, *, year: int) -> None:
        self.rng = rng
        self.year = year
        self.emails: set[str] = set()
        self.names: set[str] = set()
        self.organisations: set[str] = set()

    def known(self, spec: dict) -> Person:
        """One of the people written by hand in data.py."""
        person = Person(
            first=spec["first"],
            last=spec["last"],
            gender=spec["gender"],
            email=spec["email"],
            region=spec["region"],
            city=spec["city"],
            organisation=spec["organisation"],
            job_title=spec["job_title"],
            bio=spec["bio"],
            skills=list(spec["skills"]),
            interests=list(spec["interests"]),
            can_help_with=spec["can_help_with"],
            looking_for=spec["looking_for"],
            roles=dict(spec["communities"]),
            early=spec.get("early", False),
            special=True,
        )
        self.emails.add(person.email)
        self.names.add(person.name)
        return person

    def outsider(self, community: str, region_weights: dict[str, float]) -> Person:
        """Someone known only by name and address (an invitation they never answered)."""
        region = self._region(region_weights)
        gender, first, last = self._name(region, WOMEN_SHARE[community])
        return Person(first=first, last=last, gender=gender, email=self._email(first, last))

    def named(self, first: str, last: str, gender: str) -> Person:
        """Someone whose name is written in data.py (their address is still unique)."""
        self.names.add(f"{first} {last}")
        return Person(first=first, last=last, gender=gender, email=self._email(first, last))

    def member(self, community: str, region_weights: dict[str, float]) -> Person:
        region = self._region(region_weights)
        gender, first, last = self._name(region, WOMEN_SHARE[community])
        person = Person(
            first=first,
            last=last,
            gender=gender,
            email=self._email(first, last),
            region=region,
            profile=self.rng.choices(["full", "partial", "none"], [75, 15, 10])[0],
        )
        {PME: self._pme, MAIRIES: self._mairie, ENSEIGNANTS: self._teacher}[community](person)
        person.bio = " ".join(gendered(person.bio, gender).split())
        if person.profile == "partial":
            person.skills = person.skills[:2]
            person.interests = []
        elif person.profile == "none":
            person.skills, person.interests = [], []
        return person

    # --- Drawing names ----------------------------------------------------------------------

    def _region(self, weights: dict[str, float]) -> str:
        regions = list(weights)
        return self.rng.choices(regions, [weights[r] for r in regions])[0]

    def _name(self, region: str, women_share: float) -> tuple[str, str, str]:
        while True:
            gender = "f" if self.rng.random() < women_share else "m"
            first = self.rng.choice(
                data.FEMALE_FIRST_NAMES if gender == "f" else data.MALE_FIRST_NAMES
            )
            local = data.REGIONAL_LAST_NAMES.get(region)
            if local and self.rng.random() < 0.5:
                last = self.rng.choice(local)
            else:
                last = self.rng.choice(data.LAST_NAMES)
            if f"{first} {last}" not in self.names:
                self.names.add(f"{first} {last}")
                return gender, first, last

    def _email(self, first: str, last: str) -> str:
        base = f"{ascii_slug(first)}.{ascii_slug(last)}"
        email, n = f"{base}@{data.DEMO_DOMAIN}", 1
        while email in self.emails:
            n += 1
            email = f"{base}{n}@{data.DEMO_DOMAIN}"
        self.emails.add(email)
        return email

    def _unique_organisation(self, name: str) -> str:
        """Two people of the demo never run the same company."""
        while name in self.organisations:
            name = f"{name.split()[0]} {self.rng.choice(data.LAST_NAMES)}"
        self.organisations.add(name)
        return name

    def _some(self, pool: list[str], low: int, high: int) -> list[str]:
        return self.rng.sample(pool, self.rng.randint(low, high))

    # --- One kind of profile per community ---------------------------------------------------

    def _pme(self, p: Person) -> None:
        rng = self.rng
        p.city = rng.choice(data.TOWNS[p.region])
        templates, activity, sector_skills = rng.choice(data.PME_SECTORS)
        owner = p.last if rng.random() < 0.6 else rng.choice(data.LAST_NAMES)
        p.organisation = self._unique_organisation(rng.choice(templates).format(last=owner))
        p.job_title = rng.choice(data.PME_JOBS)[p.gender == "f"]
        p.bio = rng.choice(data.PME_BIOS).format(
            org=p.organisation,
            de_org=de(p.organisation),
            a_city=a(p.city),
            since=self.year - rng.randint(3, 25),
            activity=activity,
            activity_cap=activity[0].upper() + activity[1:],
            staff=rng.choice([4, 7, 9, 12, 15, 18, 24, 32, 45, 60, 85, 120]),
            extra=rng.choice(data.PME_EXTRAS),
        )
        p.skills = sector_skills + [
            s for s in self._some(data.PME_SKILLS, 1, 3) if s not in sector_skills
        ]
        p.interests = self._some(data.PME_INTERESTS, 2, 4)
        p.can_help_with = " ".join(self._some(data.PME_HELP, 1, 2))
        p.looking_for = rng.choice(data.PME_LOOKING)

    def _mairie(self, p: Person) -> None:
        rng = self.rng
        p.city, other = rng.sample(data.VILLAGES[p.region], 2)
        p.organisation = f"Mairie {de(p.city)}"
        p.job_title = rng.choice(data.MAIRIE_JOBS)[p.gender == "f"]
        p.bio = rng.choice(data.MAIRIE_BIOS).format(
            a_commune=a(p.city),
            de_commune=de(p.city),
            de_commune2=de(other),
            years=rng.randint(1, 28),
        )
        p.skills = self._some(data.MAIRIE_SKILLS, 2, 5)
        p.interests = self._some(data.MAIRIE_INTERESTS, 1, 3)
        p.can_help_with = " ".join(self._some(data.MAIRIE_HELP, 1, 2))
        p.looking_for = rng.choice(data.MAIRIE_LOOKING)

    def _teacher(self, p: Person) -> None:
        rng = self.rng
        p.city = rng.choice(data.TOWNS[p.region])
        place, jobs, subject = rng.choice(data.TEACHER_POSTS)
        school = place.format(school=rng.choice(data.SCHOOL_NAMES), de_city=de(p.city))
        p.organisation = school if "{de_city}" in place else f"{school}, {p.city}"
        p.job_title = jobs[p.gender == "f"]
        years = rng.randint(2, 30)
        p.bio = rng.choice(data.TEACHER_BIOS).format(
            job=p.job_title,
            years=years,
            recent=rng.randint(1, years),
            a_city=a(p.city),
            practice=rng.choice(data.TEACHER_PRACTICES),
            extra=rng.choice(data.TEACHER_EXTRAS),
        )
        p.skills = self._some(data.TEACHER_SKILLS, 2, 4)
        p.interests = [subject] + [
            i for i in self._some(data.TEACHER_INTERESTS, 1, 3) if i != subject
        ]
        p.can_help_with = " ".join(self._some(data.TEACHER_HELP, 1, 2))
        p.looking_for = rng.choice(data.TEACHER_LOOKING)
