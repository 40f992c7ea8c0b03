"""What one app offers the others without importing them: each app registers here from its
AppConfig.ready(), and home (the demo content, the privacy commands) asks the registry.

- demo content: a callable(stdout_log) that adds the app's demo pages; run in order after
  home's own (site, home page, about, privacy statement).
- demo examples: a callable() -> the app's example pages (made by its demo loader, marked as
  example), and optionally a callable(page) -> a reason to keep one ("" to let it go);
  `manage.py remove_demo_examples` removes them before launch.
- sections: per slot ("home": the home page; "page_end": under a story or other content
  page; "member_area": a member's own page, called with the member's email too), a
  callable(request, ...) -> HTML (or "") rendered in order, so the templates holding the slot
  name no capability.
- links: a named link ("join": where to become a member) as a callable() -> (url, label),
  so one capability's templates can point to another's page without importing it.
- questions: a named question one capability answers for others ("active_member": is this
  address an active member? "current_member": who is signed in as a member on this
  request?), a callable; ask() gives the default while no app answers.
- featured pages: the page types editors may feature on the home page, named by the apps that
  provide them, so home names no capability's page type.
- personal data: per app, a callable(email) -> list[PersonalRecord] held for that address,
  and a callable(email) -> number of records erased or anonymised. Every app exports the same
  shape with English keys, so one export reads the same from top to bottom.
"""

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.utils import timezone


@dataclass(frozen=True)
class PersonalRecord:
    """One thing held about a person: `kind` names it ("reaction", "registration",
    "application", ...), `created` is when it came in, `fields` the rest, with English keys
    and JSON-serialisable values."""

    kind: str
    created: datetime | None
    fields: dict[str, object]


@dataclass
class PersonalData:
    label: str
    export: Callable[[str], object]
    erase: Callable[[str], int]


@dataclass
class DemoExamples:
    pages: Callable[[], Iterable]
    keep_reason: Callable[[object], str] | None = None


@dataclass
class Registry:
    demo_loaders: list[tuple[int, str, Callable]] = field(default_factory=list)
    demo_examples: dict[str, DemoExamples] = field(default_factory=dict)
    personal_data: dict[str, PersonalData] = field(default_factory=dict)
    sections: dict[str, list[tuple[int, str, Callable]]] = field(default_factory=dict)
    links: dict[str, Callable[[], tuple[str, str]]] = field(default_factory=dict)
    questions: dict[str, Callable] = field(default_factory=dict)

    def register_section(self, slot: str, name: str, render: Callable, order: int = 100) -> None:
        entries = [entry for entry in self.sections.get(slot, []) if entry[1] != name]
        entries.append((order, name, render))
        self.sections[slot] = sorted(entries, key=lambda entry: (entry[0], entry[1]))

    def render_sections(self, slot: str, request, *args) -> list[str]:
        entries = self.sections.get(slot, [])
        return [html for _order, _name, render in entries if (html := render(request, *args))]

    def register_link(self, name: str, resolve: Callable[[], tuple[str, str]]) -> None:
        self.links[name] = resolve

    def link(self, name: str) -> tuple[str, str]:
        """(url, label) of a named link, or ("", "") while no app provides it."""
        resolve = self.links.get(name)
        return resolve() if resolve is not None else ("", "")

    def register_question(self, name: str, answer: Callable) -> None:
        self.questions[name] = answer

    def ask(self, name: str, *args, default=None):
        """The answer of the app that answers `name`; `default` while none does."""
        answer = self.questions.get(name)
        return answer(*args) if answer is not None else default

    # Filled in place (home.models hands this very list to its page chooser at import time).
    featured_page_types: list[str] = field(default_factory=list)

    def register_demo(self, name: str, loader: Callable, order: int = 100) -> None:
        self.demo_loaders = [entry for entry in self.demo_loaders if entry[1] != name]
        self.demo_loaders.append((order, name, loader))
        self.demo_loaders.sort(key=lambda entry: (entry[0], entry[1]))

    def register_demo_examples(
        self, name: str, pages: Callable[[], Iterable], *, keep_reason: Callable | None = None
    ) -> None:
        self.demo_examples[name] = DemoExamples(pages=pages, keep_reason=keep_reason)

    def example_pages(self) -> list[tuple[str, object, str]]:
        """(app name, page, reason that app gives to keep it or "") for every example page."""
        found = []
        for name, examples in sorted(self.demo_examples.items()):
            for page in examples.pages():
                reason = examples.keep_reason(page) if examples.keep_reason else ""
                found.append((name, page, reason))
        return found

    def register_featured_page_type(self, model: str) -> None:
        if model not in self.featured_page_types:
            self.featured_page_types.append(model)

    def register_personal_data(
        self, name: str, *, label: str, export: Callable, erase: Callable
    ) -> None:
        self.personal_data[name] = PersonalData(label=label, export=export, erase=erase)

    def export_personal_data(self, email: str) -> dict:
        """Everything every app holds for `email`: the privacy_export command and a member's
        own download give this same document."""
        return {
            "email": email,
            "exported_at": timezone.now().isoformat(),
            "data": {
                name: {"label": entry.label, "records": [asdict(r) for r in entry.export(email)]}
                for name, entry in sorted(self.personal_data.items())
            },
        }


registry = Registry()
