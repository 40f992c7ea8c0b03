import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


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

    @staticmethod
    def remembered_login(login_file, User):
        if not login_file.exists():
            return None, None
        username, password = (login_file.read_text(encoding="utf-8").splitlines() + ["", ""])[:2]
        user = User.objects.filter(username=username).first()
        if user is None or not user.check_password(password):
            return None, None
        return username, password
