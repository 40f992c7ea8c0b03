import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from home.sites import default_site

USERNAME = "admin"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


class Command(BaseCommand):
    help = (
        "Create a local admin account if there is no superuser yet, and print its login. "
        "For development only; refuses to run with DEBUG off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_local_admin is for development (DEBUG=True) only.")
        login_file = settings.VAR_DIR / "local-admin.txt"
        User = get_user_model()
        if not User.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(USERNAME, "admin@example.invalid", password)
            login_file.parent.mkdir(parents=True, exist_ok=True)
            login_file.write_text(f"{USERNAME}\n{password}\n", encoding="utf-8")
            login_file.chmod(0o600)
            self.stdout.write(self.style.SUCCESS("Local admin account created."))
        self.point_local_site_at_base_url()
        username, password = self.remembered_login(login_file, User)
        if username:
            self.stdout.write(
                f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/  "
                f"user: {username}  password: {password}"
            )
        else:
            self.stdout.write(
                "A superuser already exists; its password is not known here. "
                "Reset it with: .venv/bin/python manage.py changepassword <username>"
            )

    def point_local_site_at_base_url(self):
        """Links in mails are built from the default site's root URL: on a local site, make it
        the address the site is served at now (`PORT=8001 make run`)."""
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site = default_site()
        if site is None or site.hostname not in LOCAL_HOSTS or not base.hostname:
            return
        port = base.port or (443 if base.scheme == "https" else 80)
        if (site.hostname, site.port) != (base.hostname, port):
            site.hostname, site.port = base.hostname, port
            site.save(update_fields=["hostname", "port"])
        self.stdout.write(f"Mail is printed in this terminal; its links point at {site.root_url}/")

    @staticmethod
    def remembered_login(login_file, User):
        if not login_file.exists():
            return None, None
        username, password = (login_file.read_text(encoding="utf-8").splitlines() + ["", ""])[:2]
        user = User.objects.filter(username=username).first()
        if user is None or not user.check_password(password):
            return None, None
        return username, password
