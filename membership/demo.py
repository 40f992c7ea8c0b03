"""The membership part of the demo content: the "Lid worden" page with example membership
types; the home page and stories link to it through the registry (sections.py). The fees
are examples until the board sets them."""

from decimal import Decimal

from home.demo import DemoContentLoader, rich_paragraphs

from .models import MembershipPage, MembershipType

SLUG = "lid-worden"
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
