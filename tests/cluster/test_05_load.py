"""Load through Varnish: 95 % page views, 5 % posts at 50 concurrent visitors, bounded in
time (CLUSTER_LOAD_SECONDS, 60 by default; CI runs 25). No 5xx, and every accepted post is
stored exactly once: a registration and a membership application as their row, a guest's
reaction (kept in its signed confirmation link until confirmed) as its one queued mail."""

import json
import os
import tempfile
import uuid

from deploy.cluster_load import mixed_load
from tests.cluster.conftest import FRONT, shell

CONCURRENCY = 50
SECONDS = float(os.environ.get("CLUSTER_LOAD_SECONDS", "60"))


def load_pages() -> dict[str, str]:
    """The pages of the mix, with an event that has seats for everyone."""
    out = shell(
        "import datetime, json; from django.utils import timezone; "
        "from events.models import EventIndexPage; from projects.models import ProjectPage; "
        "from tests.events.factories import EventPageFactory, at; "
        "day = timezone.localdate() + datetime.timedelta(days=20); "
        "event = EventPageFactory(parent=EventIndexPage.objects.get(), "
        f"title='Drukke bijeenkomst {uuid.uuid4().hex[:6]}', capacity=100000, "
        "start=at(day, 19), end=at(day, 21)); "
        "project = ProjectPage.objects.live().order_by('pk').first(); "
        "print(json.dumps({'event': event.url, 'project': project.url}))"
    )
    return {
        **json.loads(out),
        "home": "/",
        "projects": "/projecten/",
        "agenda": "/agenda/",
        "membership": "/lid-worden/",
    }


def stored_counts(posts: dict[str, dict[str, bool]]) -> dict[str, dict[str, int]]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({kind: list(emails) for kind, emails in posts.items()}, handle)
    code = (
        "import json; from collections import Counter; "
        "from events.models import Registration; "
        "from membership.models import MembershipApplication; "
        "from projects.models import Reaction; "
        f"posted = json.load(open({handle.name!r})); "
        "columns = {'reaction': (Reaction, 'user_email'), "
        "'registration': (Registration, 'email'), "
        "'signup': (MembershipApplication, 'email')}; "
        "from django_tasks_db.models import DBTaskResult; "
        "mails = [json.dumps(task.args_kwargs) for task in DBTaskResult.objects.all()]; "
        "out = {}\n"
        "for kind, emails in posted.items():\n"
        "    if kind == 'reaction':\n"
        "        out[kind] = {email: sum(email in mail for mail in mails) for email in emails}\n"
        "        continue\n"
        "    model, column = columns[kind]\n"
        "    found = Counter(model.objects.filter(**{column + '__in': emails})"
        ".values_list(column, flat=True))\n"
        "    out[kind] = {email: found.get(email, 0) for email in emails}\n"
        "print(json.dumps(out))"
    )
    try:
        return json.loads(shell(code))
    finally:
        os.unlink(handle.name)


class MixedLoadTests:
    def test_no_5xx_and_every_accepted_post_stored_once(self):
        pages = load_pages()
        result = mixed_load(FRONT, pages, SECONDS, CONCURRENCY)
        print(  # noqa: T201 - the figures, shown with -s and in the JUnit report
            f"\n{result.requests} requests in {result.seconds:.0f}s "
            f"({result.requests / result.seconds:.0f}/s), statuses {result.statuses}, "
            f"view p50 {result.percentile(0.5) * 1000:.0f} ms, "
            f"p99 {result.percentile(0.99) * 1000:.0f} ms"
        )
        assert result.errors == []
        assert result.server_errors == 0, result.statuses
        accepted = sum(ok for emails in result.posts.values() for ok in emails.values())
        assert accepted >= 10, result.posts  # the posts did happen
        counts = stored_counts(result.posts)
        for kind, emails in result.posts.items():
            for email, ok in emails.items():
                assert counts[kind][email] == (1 if ok else 0), (kind, email, ok)
