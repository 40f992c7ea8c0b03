"""Events: the agenda, event pages, calendar files and registrations."""
