"""gunicorn's configuration for an app node (docs/deploy.md). gunicorn reads this file by itself
when started from the repository root; every value can be changed from the environment.

    DJANGO_SETTINGS_MODULE=config.settings.production .venv/bin/gunicorn config.wsgi:application
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Django is mostly waiting on the database: two workers per core and one more, as gunicorn's
# documentation advises, unless the environment says otherwise.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer than this is killed; the database gives up connecting after
# DATABASE_CONNECT_TIMEOUT (5 s), so only a runaway request gets here.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Varnish keeps connections to the nodes open between requests.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Restart workers now and then, spread out, so a slow leak never takes a node down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

# The access log names the path only: %(U)s has no query string, so tokens in links
# (confirmations, cancellations, sign-in) never land in a log, and neither does the Referer.
# Remote address, time, method, path, status, bytes, microseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(D)s'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# gunicorn 27 opens a control socket under ~/.gunicorn/ by default; an app node needs none,
# and several on one machine would fight over it.
control_socket_disable = True
