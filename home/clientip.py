"""The visitor's IP address, the one way every part of the site finds it.

Behind reverse proxies (nginx, Varnish, a load balancer) REMOTE_ADDR is the nearest proxy and
the visitor is in X-Forwarded-For, which each proxy extends with the address it received the
request from. Anything left of the hops our own proxies added was sent by the client and can
be forged, so the address is taken TRUSTED_PROXY_COUNT hops from the right, never from the
left. With TRUSTED_PROXY_COUNT = 0 (no proxy, the default) the header is ignored altogether.

Rate limits (django-ratelimit), admin sign-in lockouts (django-axes) and the stored IP address
of a reaction all use this module.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# Rate limits and lockouts put every visitor whose address is unknown in one shared bucket:
# an unknown address never escapes a limit, it shares one.
UNKNOWN_IP = "0.0.0.0"  # noqa: S104 (a key, not an address to bind to)


def parse_ip(value: str | None) -> str | None:
    """A clean address from one hop: "203.0.113.7", "[2001:db8::1]:443" or "203.0.113.7:5123"
    give the bare address (IPv4-mapped IPv6 as IPv4); anything else gives None."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("["):  # [IPv6]:port
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    value = value.split("%", 1)[0]  # an IPv6 zone (fe80::1%eth0) means nothing to us
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address, validated; None when neither the trusted hop nor REMOTE_ADDR
    holds an address."""
    remote_addr = parse_ip(request.META.get("REMOTE_ADDR"))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in (part.strip() for part in header.split(",")) if hop]
    if len(hops) < proxies:
        # Fewer hops than proxies: the request did not come through all of them.
        return remote_addr
    return parse_ip(hops[-proxies]) or remote_addr


def client_ip_key(request: HttpRequest) -> str:
    """client_ip() for counting (rate limits, lockouts): never empty."""
    return client_ip(request) or UNKNOWN_IP
