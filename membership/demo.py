"""The membership part of the demo content: the "Lid worden" page with example membership
types; the home page and stories link to it through the registry (sections.py). The fees
are examples until the board sets them. The directory page ("Onze leden") starts empty: the
demo makes no members, real or fake."""

from decimal import Decimal

from home.demo import DemoContentLoader, rich_paragraphs

from .models import MemberDirectoryPage, MembershipPage, MembershipType

SLUG = "lid-worden"
DIRECTORY_SLUG = "onze-leden"
BENEFITS = [
    "Als lid van Leisure Lab Limburg kijk je in de keuken van andere ondernemers in de "
    "Limburgse leisure: horeca, attracties, verblijf en evenementen. Je bezoekt elkaar, bent "
    "kritisch naar elkaar en deelt kennis.",
    "Leden volgen workshops, themasessies en trainingen, schuiven aan bij het wekelijkse "
    "online contactmoment en ontmoeten elkaar het hele jaar door.",
]
TYPES = [
    ("Ondernemer", "Voor één onderneming in de leisure.", Decimal("150")),
    ("Onderneming met meerdere vestigingen", "Voor meer locaties onder één dak.", Decimal("250")),
    ("Starter", "De eerste twee jaar na de start van je onderneming.", Decimal("75")),
]


def load_demo_membership(demo: DemoContentLoader) -> None:
    page = demo.child(demo.home, SLUG)
    if page is None:
        page = MembershipPage(
            title="Lid worden",
            slug=SLUG,
            show_in_menus=True,
            intro="Interesse om ook aan te sluiten? Meld je hieronder aan als lid.",
            body=[("heading", "Wat het lidmaatschap je brengt"), *rich_paragraphs(BENEFITS)],
        )
        for order, (name, description, fee) in enumerate(TYPES):
            page.membership_types.add(
                MembershipType(
                    name=name,
                    description=description,
                    yearly_fee=fee,
                    fee_is_example=True,
                    sort_order=order,
                )
            )
        demo.publish(demo.home, page)
    directory = demo.child(demo.home, DIRECTORY_SLUG)
    if directory is None:
        demo.publish(
            demo.home,
            MemberDirectoryPage(
                title="Onze leden",
                slug=DIRECTORY_SLUG,
                show_in_menus=True,
                intro="Leden die zelf kozen voor een vermelding: kijk in elkaars keuken.",
            ),
        )
