"""Posts on two nodes at once, and moderation on one node seen through Varnish."""

import threading
import uuid

import requests

from tests.cluster.conftest import FRONT, NODES, Visitor, shell, wait_until

FULL_TEXT = "Alle plaatsen zijn bezet. Er is een wachtlijst."


def full_but_one_event() -> str:
    """A new event with two seats, one taken; returns its path."""
    return shell(
        "import datetime; from django.utils import timezone; "
        "from events.models import EventIndexPage; "
        "from tests.events.factories import EventPageFactory, RegistrationFactory, at; "
        "day = timezone.localdate() + datetime.timedelta(days=12); "
        "event = EventPageFactory(parent=EventIndexPage.objects.get(), "
        f"title='Clusterworkshop {uuid.uuid4().hex[:6]}', capacity=2, "
        "start=at(day, 19), end=at(day, 21)); "
        "RegistrationFactory(occurrence=event.occurrences.get()); "
        "print(event.url)"
    )


class TwoNodeRegistrationTests:
    def test_last_seat_taken_once_on_two_nodes_at_once(self):
        path = full_but_one_event()
        visitors = {name: Visitor(NODES[name]) for name in ("a", "b")}
        forms = {
            name: visitor.prepared_form(
                path,
                f"{path}#aanmelden",
                {
                    "name": f"Deelnemer {name}",
                    "email": f"race-{name}-{uuid.uuid4().hex[:6]}@example.org",
                    "organisation": "Clusterbedrijf",
                    "is_member": "ja",
                },
            )
            for name, visitor in visitors.items()
        }
        barrier = threading.Barrier(2)
        answers = {}

        def post(name):
            barrier.wait(timeout=30)
            answers[name] = visitors[name].post(path, forms[name])

        threads = [threading.Thread(target=post, args=(name,)) for name in visitors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(answer.status_code for answer in answers.values()) == [302, 302]

        statuses = shell(
            "from events.models import EventPage, Registration; "
            f"page = EventPage.objects.get(url_path__endswith={path!r}); "
            "print(sorted(Registration.objects.filter(occurrence__event=page)"
            ".values_list('status', flat=True)))"
        )
        assert statuses == "['confirmed', 'confirmed', 'waitlist']"
        # Through Varnish, at once: the date is full.
        assert FULL_TEXT in requests.get(FRONT + path, timeout=10).text


class ModerationThroughVarnishTests:
    def test_reaction_approved_on_node_b_is_visible_through_varnish(self, admin_on):
        text = f"Een reactie uit het cluster {uuid.uuid4().hex[:8]}"
        path, pk = shell(
            "from django.contrib.contenttypes.models import ContentType; "
            "from django.contrib.sites.models import Site; "
            "from django.utils import timezone; "
            "from projects.models import ProjectPage, Reaction; "
            "page = ProjectPage.objects.live().order_by('pk').first(); "
            "reaction = Reaction(content_type=ContentType.objects.get_for_model(ProjectPage), "
            "object_pk=str(page.pk), site=Site.objects.get_current(), user_name='Cluster Lezer', "
            f"user_email='lezer@example.org', comment={text!r}, submit_date=timezone.now(), "
            "is_public=False, is_removed=False, followup=False); reaction.save(); "
            "print(page.url, reaction.pk)"
        ).split()
        for _ in range(2):  # in the front cache, if the app lets it be
            assert text not in requests.get(FRONT + path, timeout=10).text

        moderator = admin_on("b")
        listing = "/admin/reacties/?status=waiting"
        token = moderator.csrf_token(listing)
        response = moderator.post(
            f"/admin/reacties/{pk}/goedkeuren/",
            {"csrfmiddlewaretoken": token},
            headers={"Referer": NODES["b"] + listing},
        )
        assert response.status_code == 302, response.text[:2000]
        wait_until(lambda: text in requests.get(FRONT + path, timeout=10).text, timeout=1.5)
