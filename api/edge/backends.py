"""Ways to purge a proxy or CDN, each configured by a dict (see config/settings)."""

import json
import re
import urllib.request
import uuid

from django.core.exceptions import ImproperlyConfigured

TIMEOUT_SECONDS = 5


class EdgeBackend:
    def __init__(self, options):
        self.options = options

    def purge(self, paths):
        """Drop everything held under each of ``paths`` (prefixes such as ``/api/v1/``)."""
        raise NotImplementedError

    def send(self, request):
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return response.read()


class VarnishBanBackend(EdgeBackend):
    """Varnish: one ``BAN`` request; the shipped VCL bans every URL matching ``X-Ban-Path``.

    ``LOCATION``: the Varnish address, e.g. ``http://127.0.0.1:6081``.
    """

    def purge(self, paths):
        pattern = "^(" + "|".join(re.escape(path) for path in paths) + ")"
        request = urllib.request.Request(
            self.options["LOCATION"], method="BAN", headers={"X-Ban-Path": pattern}
        )
        self.send(request)


class HTTPPurgeBackend(EdgeBackend):
    """A ``PURGE`` request per path with a trailing ``*``, as nginx's cache_purge module takes.

    ``LOCATION``: the proxy's address, e.g. ``http://127.0.0.1:8080``.
    """

    def purge(self, paths):
        base = self.options["LOCATION"].rstrip("/")
        for path in paths:
            self.send(urllib.request.Request(f"{base}{path}*", method="PURGE"))


class CloudflareBackend(EdgeBackend):
    """Cloudflare's purge-by-prefix API, for each public host.

    ``ZONE_ID``, ``API_TOKEN`` (with the Cache Purge permission), ``HOSTS``.
    """

    API = "https://api.cloudflare.com/client/v4"

    def purge(self, paths):
        hosts = self.options.get("HOSTS") or []
        if not hosts:
            raise ImproperlyConfigured("Cloudflare purging needs the public host names.")
        prefixes = [f"{host}{path}" for host in hosts for path in paths]
        api = self.options.get("API", self.API)
        request = urllib.request.Request(
            f"{api}/zones/{self.options['ZONE_ID']}/purge_cache",
            data=json.dumps({"prefixes": prefixes}).encode(),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.options['API_TOKEN']}",
                "Content-Type": "application/json",
            },
        )
        answer = json.loads(self.send(request))
        if not answer.get("success"):
            raise RuntimeError(f"Cloudflare refused the purge: {answer.get('errors')}")


class CloudFrontBackend(EdgeBackend):
    """An Amazon CloudFront invalidation of ``<path>*`` for each path.

    ``DISTRIBUTION_ID``; credentials come from the usual AWS environment.
    Needs boto3 (``pip install boto3``), imported only when configured.
    """

    def purge(self, paths):
        try:
            import boto3
        except ImportError as error:
            raise ImproperlyConfigured("CloudFront purging needs boto3 installed.") from error
        client = boto3.client("cloudfront", endpoint_url=self.options.get("ENDPOINT_URL"))
        client.create_invalidation(
            DistributionId=self.options["DISTRIBUTION_ID"],
            InvalidationBatch={
                "Paths": {"Quantity": len(paths), "Items": [f"{path}*" for path in paths]},
                "CallerReference": uuid.uuid4().hex,
            },
        )
