vcl 4.1;
# The front cache of Leisure Lab Limburg (docs/deploy.md).
#
# - Round robin over the app nodes, each probed at /gezond/ (home/health.py).
# - Caches only what the app marks as shared (Cache-Control with s-maxage or max-age above 0,
#   not private/no-store/no-cache, no Set-Cookie); everything else goes to the app each time.
# - Requests with a session or messages cookie, non-GET/HEAD requests and the admin are passed;
#   the cookies of other (anonymous) GETs are dropped, so the page the app renders is shared.
# - PURGE (Wagtail, a page's path with every query variant) and BAN (home.frontcache, all)
#   only from the ACL "purgers".
# - Grace: while every app node is down, cached pages are served up to 6 hours past their
#   time; a node answering 5xx on a background refresh does not replace the stale copy.
# - X-Forwarded-For: varnishd appends client.ip to it before vcl_recv, so the app (with
#   TRUSTED_PROXY_COUNT=1) takes the last hop and sees the real client.
#
# What differs per environment (the backends, the director "app", the probe and the ACL
# "purgers") lives in backends.vcl, found through varnishd's vcl_path: backends.vcl.example
# beside this file for production, written by deploy/cluster.py for `make cluster`.

import directors;
import std;

include "backends.vcl";

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "PURGE") {
            # The path without its query: /projecten/?page=2 and ?tag=x go with /projecten/.
            ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
            return (synth(200, "Purged"));
        }
        ban("obj.status != 0");
        return (synth(200, "Banned"));
    }

    set req.backend_hint = app.backend();
    # Stale copies only while no node can answer; otherwise at most a few seconds past ttl.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin)/" || req.url ~ "^/gezond/") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # An anonymous GET: no cookie reaches the app, so what it renders is the same for anyone.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # The TLS terminator in front sets X-Forwarded-Proto; the app redirects plain http, so the
    # answers for http and https are kept apart. The built-in vcl_hash adds URL and host.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # For bans by path, tested against stored objects only (lurker friendly).
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");

    if (beresp.status >= 500 && bereq.is_bgfetch) {
        # Keep serving the copy we have rather than an error page.
        return (abandon);
    }
    set beresp.grace = 6h;

    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Vary == "*"
        || beresp.http.Cache-Control !~ "(s-maxage|max-age)=[1-9]") {
        # Personal, or the app did not say it may be shared: never cached (without this,
        # Varnish would keep a response without Cache-Control for its default ttl).
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    return (deliver);
}

sub vcl_backend_error {
    # A node that died before its probe noticed: try another one (only for reads, a post may
    # already have reached the node).
    if (bereq.retries < 2 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
    set beresp.status = 503;
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "30";
    set beresp.http.Cache-Control = "no-store";
    synthetic({"<!DOCTYPE html>
<html lang="nl">
    <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Even niet bereikbaar – Leisure Lab Limburg</title>
    </head>
    <body>
        <main>
            <h1>We zijn zo terug</h1>
            <p>De website is even niet bereikbaar door onderhoud of een storing. Probeer het over een halve minuut opnieuw.</p>
            <p>Was je een formulier aan het versturen? Ga met de knop Vorige van je browser terug: wat je typte staat er dan nog.</p>
        </main>
    </body>
</html>
"});
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-path;
    # For operators and the cluster tests: was this answer from the cache?
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
