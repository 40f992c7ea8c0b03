"""{% form_tokens form %}: the per-visitor parts of a public form, left empty on a page that
goes into the shared cache (home.pagecache) and filled in there by static/js/site.js from the
form's token URL. See home.formtokens."""

from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html, format_html_join

from ..pagecache import is_candidate

register = template.Library()


@register.simple_tag(takes_context=True)
def form_tokens(context, form):
    request = context.get("request")
    cached = request is None or is_candidate(request)
    csrf = "" if cached else get_token(request)
    fields = getattr(form, "token_fields", ())
    values = [(name, "" if cached else (form[name].value() or "")) for name in fields]
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}" data-form-token-url="{}">{}',
        csrf,
        form.token_url,
        format_html_join(
            "",
            '<input type="hidden" name="{}" value="{}" data-form-token>',
            ((form.add_prefix(name), value) for name, value in values),
        ),
    )
