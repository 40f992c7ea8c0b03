"""The editor's form for an event page."""

from home.admin_forms import BasePageForm

from .localtime import local

NOT_A_DATE = "Deze datum hoort niet bij de bijeenkomst. Kies een van de data van de reeks."


class EventPageForm(BasePageForm):
    """Checks what the page model cannot see itself: each cancelled date ("Vervallen data",
    a child formset) must be one of the event's dates. A mistyped day would otherwise cancel
    nothing, and nobody registered would be told."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("cancelled_dates")
        days = self.planned_days(cleaned_data)
        if formset is None or days is None:
            return cleaned_data
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            day = form.cleaned_data.get("date")
            if day and day not in days:
                form.add_error("date", NOT_A_DATE)
        return cleaned_data

    def planned_days(self, cleaned_data) -> set | None:
        """The local days of the event as the form describes it; None if the form cannot
        say (missing or impossible dates: the page's own validation explains those)."""
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if not start or not end:
            return None
        # An unsaved page of the form's own model (EventPage), to reuse its date rule.
        event = type(self.instance)(
            start=start,
            end=end,
            repeat=cleaned_data.get("repeat") or "",
            repeat_interval=cleaned_data.get("repeat_interval") or 1,
            repeat_until=cleaned_data.get("repeat_until"),
        )
        try:
            return {local(day_start).date() for day_start, _end in event.planned_dates()}
        except (OverflowError, ValueError):
            return None
