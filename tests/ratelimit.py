"""Rate-limit tests that cannot straddle two of django-ratelimit's windows."""

import datetime
import time
import zlib


def window_start(period: int, ip: str = "127.0.0.1") -> datetime.datetime:
    """A moment just after django-ratelimit opened a new window of `period` seconds for an
    IP address. Its windows start at a second of the period that depends on the address (a
    jitter of crc32(ip) % period); a test that starts at a random moment can see its posts
    split over two windows, and no 429. Use with time_machine.travel(window_start(60, ip))."""
    now = int(time.time())
    start = now - now % period + zlib.crc32(ip.encode()) % period + 1
    return datetime.datetime.fromtimestamp(start, tz=datetime.UTC)
