# Varnish in front of the guidance service: holds public answers for as long
# as their s-maxage says (EDGE_MAX_AGE, never past the next go-live), and
# drops them when the app sends a BAN after a change readers must see at once
# (EDGE_BAN_URLS=http://<this varnish>). Set the backend to the app's address.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may ban: the app's own hosts.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed."));
        }
        if (!req.http.X-Ban-Path) {
            return (synth(400, "Say what to ban in X-Ban-Path."));
        }
        ban("req.url ~ " + req.http.X-Ban-Path);
        return (synth(200, "Banned."));
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed."));
        }
        return (purge);
    }
    # Only anonymous reads of the public API and the reader pages are held;
    # the editorial API, the admin, sign-in and staff previews always pass.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url !~ "^/(api/v1|guides)/" || req.url ~ "^/api/v1/(editorial|auth)/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # gunicorn answers a request it cannot parse itself (400, 414 for a
    # request line over 4094 bytes, 431 for headers over its limits), in
    # HTML, before the app sees it. Under /api/ every answer is JSON: the
    # same status goes on, with the API's error shape (vcl_backend_error).
    if (bereq.url ~ "^/api/" && beresp.status >= 400 && beresp.status < 500
            && beresp.http.Content-Type ~ "^text/html") {
        return (error(beresp.status, beresp.reason));
    }
    # Only whole answers are held. A 404 is not: a guide scheduled to go
    # live must not hide behind one.
    if (beresp.status != 200) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # No stale answer once its time is up: an answer expires at the next
    # go-live, and readers must get the new release then, not after a refetch.
    set beresp.grace = 0s;
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

# An error Varnish makes for the app: a refusal of gunicorn's own above, or
# no app server answering (503). Under /api/ it is JSON, {"detail": "..."},
# as every error the API gives; elsewhere Varnish's own page.
sub vcl_backend_error {
    if (bereq.url ~ "^/api/") {
        set beresp.http.Content-Type = "application/json";
        set beresp.http.Cache-Control = "no-store";
        if (beresp.status == 503) {
            set beresp.http.Retry-After = "30";
            synthetic({"{"detail": "Service unavailable: no app server answered. "} +
                {"Try again in 30 seconds.""} + "}");
        } else {
            synthetic({"{"detail": "Bad request: the server refused it as malformed ("} +
                beresp.reason + {").""} + "}");
        }
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
}
