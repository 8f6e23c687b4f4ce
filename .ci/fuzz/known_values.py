"""Write the ids and slugs that exist, for the fuzz run to try beside invented ones.

Reads them from the running API's own answers and writes one libFuzzer-style
dictionary per kind (``"value"`` a line) into the given folder, where
schemathesis.toml binds them to the path and query parameters. Without them
every tip id and person slug schemathesis invents is a 404, and the 200
answers of those endpoints would never be checked against the schema.

Usage: known_values.py BASE_URL FOLDER
"""

import json
import sys
import urllib.request
from pathlib import Path


def get(base_url, path):
    # Generous timeout: the first request may wait for a worker still booting.
    with urllib.request.urlopen(base_url + path, timeout=60) as response:
        return json.load(response)


def known_values(base_url):
    guides = get(base_url, "/api/v1/guides/?page_size=100")["results"]
    tips = get(base_url, "/api/v1/tips/?page_size=100")["results"]
    topics = get(base_url, "/api/v1/topics/?page_size=100")["results"]
    people = set()
    for guide in guides:
        detail = get(base_url, f"/api/v1/guides/{guide['slug']}/")
        people.update(credit["person"]["slug"] for credit in detail["contributors"])
    return {
        "guides": [guide["slug"] for guide in guides],
        "tips": [tip["id"] for tip in tips],
        "topics": [topic["slug"] for topic in topics],
        "people": sorted(people),
    }


def main(base_url, folder):
    for kind, values in known_values(base_url).items():
        if not values:
            sys.exit(f"The demo has no {kind}: nothing to fuzz them with.")
        # Slugs and UUIDs hold no quote or backslash, so no escaping is needed.
        lines = [f'"{value}"' for value in values]
        Path(folder, f"{kind}.dict").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
