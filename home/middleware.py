"""Security middleware of the whole site: response headers that Django and django-csp do not
set themselves, a Content-Security-Policy of its own for the Wagtail admin, and a cap on the
size of request bodies that holds before anything parses them.

See "Security" in the README for what each protects."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from csp.middleware import CSPMiddleware, PolicyParts


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(settings.ADMIN_URL_PREFIXES))


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: no camera, microphone, location and the like for
    the site or anything it embeds (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the Wagtail admin under a policy of its own.

    Public pages get CONTENT_SECURITY_POLICY (enforced, no inline scripts). The admin uses
    inline scripts and style attributes of Wagtail's own, so there only the directives that
    do not touch scripts and styles are enforced (ADMIN_CONTENT_SECURITY_POLICY: framing,
    plugins, <base>, form targets), and the strict policy is sent report-only: violations show
    in the browser console (and at the CSP_REPORT_URI address when set), nothing breaks."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if is_admin_path(request.path_info) and parts.config is None:
            if report_only:
                parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY_REPORT_ONLY["DIRECTIVES"]
            else:
                parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class RequestBodyLimitMiddleware:
    """Refuse a request body above the limit before anything reads or parses it: 413.

    Public forms get PUBLIC_MAX_BODY_SIZE (1 MB: the longest reaction is 3,000 characters);
    the admin, which uploads images and documents, ADMIN_MAX_BODY_SIZE. A body without a
    length (chunked) cannot be checked before it is read: 411 asks for a length instead.
    Django itself would read such a body as empty."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = (
            settings.ADMIN_MAX_BODY_SIZE
            if is_admin_path(request.path_info)
            else settings.PUBLIC_MAX_BODY_SIZE
        )
        raw_length = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not raw_length.strip():
            if chunked:
                return refusal(request, status=411)
            return self.get_response(request)
        raw_length = raw_length.strip()
        # HTTP allows ASCII digits only; int() would also take "+5", "1_0" and "١٢".
        if not (raw_length.isascii() and raw_length.isdigit()):
            return refusal(request, status=400)
        if int(raw_length) > limit:
            return refusal(request, status=413)
        return self.get_response(request)


def refusal(request: HttpRequest, *, status: int) -> HttpResponse:
    """A short Dutch page for a refused request body; the body is never read."""
    response = TemplateResponse(request, "request_refused.html", {"status": status}, status=status)
    return response.render()  # a middleware's response is not rendered for it
