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
