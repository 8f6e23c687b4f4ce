import os
import re
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from tests.config.processes import manage, production_env
from tests.config.servers import PostgresCluster

ADMIN_USERNAME, ADMIN_PASSWORD = "operator", "operator-password-for-tests"

postgres_pass_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs in the PostgreSQL pass (DATABASE_URL=postgres://...), which has the tools",
)


class Site:
    """The project's database on a PostgreSQL cluster of the tests' own, migrated, with its
    static files collected and a superuser: for servers to run against, and for the
    cluster to be stopped and started under them."""

    def __init__(self, cluster, static_root):
        self.cluster = cluster
        self.database_url = cluster.url("guidance")
        self.static_root = static_root

    def env(self, **overrides):
        """A production environment (DEBUG off) on plain HTTP, with this database."""
        return production_env(
            DATABASE_URL=self.database_url,
            CACHE_URL=None,  # local memory: the database is the one dependency here
            STATIC_ROOT=str(self.static_root),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="false",
            SESSION_COOKIE_SECURE="false",
            CSRF_COOKIE_SECURE="false",
            API_ANON_RATE="100000/minute",
            **overrides,
        )

    def connections(self):
        """How many connections the cluster has to this database now (pg_stat_activity)."""
        query = "SELECT count(*) FROM pg_stat_activity WHERE datname = 'guidance'"
        return int(self.cluster.sql(query)[0])


@pytest.fixture(scope="session")
def site_on_its_own_postgres(tmp_path_factory):
    cluster = PostgresCluster("guidance_faults")
    try:
        cluster.create()
        cluster.createdb("guidance")
        site = Site(cluster, tmp_path_factory.mktemp("static"))
        env = site.env(DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD)
        for command in (
            ["migrate", "--noinput"],
            ["collectstatic", "--noinput"],
            [
                "createsuperuser",
                "--noinput",
                f"--username={ADMIN_USERNAME}",
                "--email=o@example.org",
            ],
        ):
            result = manage(*command, env=env)
            assert result.returncode == 0, result.stderr
        yield site
    finally:
        cluster.drop()


def signed_in_to_the_admin(url):
    """A URL opener holding the session of the superuser, signed in through the login form."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form = opener.open(f"{url}/admin/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    credentials = {
        "csrfmiddlewaretoken": token,
        "username": ADMIN_USERNAME,
        "password": ADMIN_PASSWORD,
        "next": "/admin/",
    }
    signed_in = opener.open(
        f"{url}/admin/login/", data=urllib.parse.urlencode(credentials).encode(), timeout=30
    )
    assert signed_in.url.endswith("/admin/"), signed_in.url
    return opener
