"""What one app offers the others without importing them: each app registers here from its
AppConfig.ready(), and home (the demo content, the privacy commands) asks the registry.

- demo content: a callable(stdout_log) that adds the app's demo pages; run in order after
  home's own (site, home page, about, privacy statement).
- personal data: per app, a callable(email) -> JSON-serialisable data held for that address,
  and a callable(email) -> number of records erased or anonymised.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class PersonalData:
    label: str
    export: Callable[[str], object]
    erase: Callable[[str], int]


@dataclass
class Registry:
    demo_loaders: list[tuple[int, str, Callable]] = field(default_factory=list)
    personal_data: dict[str, PersonalData] = field(default_factory=dict)

    def register_demo(self, name: str, loader: Callable, order: int = 100) -> None:
        self.demo_loaders = [entry for entry in self.demo_loaders if entry[1] != name]
        self.demo_loaders.append((order, name, loader))
        self.demo_loaders.sort(key=lambda entry: (entry[0], entry[1]))

    def register_personal_data(
        self, name: str, *, label: str, export: Callable, erase: Callable
    ) -> None:
        self.personal_data[name] = PersonalData(label=label, export=export, erase=erase)


registry = Registry()
