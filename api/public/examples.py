"""Example answers of the public API, shown in the schema beside each operation.

Shortened (one section, one tip, one crisis line) but complete: each is a valid
answer, and a test holds them to the schema.
"""

TOPIC = {"slug": "partners", "name": "Partners"}
PERSON = {"slug": "maria-lopez", "name": "Maria Lopez", "credentials": "LPC"}
REVIEWER = {
    "slug": "sam-okafor",
    "name": "Sam Okafor",
    "credentials": "PMHNP-BC",
    "clinical_credential": "PMHNP-BC",
}
TIP = {
    "id": "0b6f4e6a-3c1d-4f3e-9a57-2f1f0c6f6a11",
    "lead": "Pick a calm moment.",
    "body": "Not during an argument, and not in passing.",
    "body_html": "<p>Not during an argument, and not in passing.</p>",
    "topics": [TOPIC],
}
DISCLAIMER = {
    "title": "Medical disclaimer",
    "body": "This guide is not a substitute for professional care.",
    "body_html": "<p>This guide is not a substitute for professional care.</p>",
}
CRISIS_LINE = {
    "region": "US",
    "name": "988 Suicide & Crisis Lifeline",
    "description": "Call or text 988, any time.",
    "description_html": "<p>Call or text 988, any time.</p>",
    "phone": "988",
    "sms": "988",
    "url": "https://988lifeline.org/",
}
SAFETY = {"disclaimer": DISCLAIMER, "crisis_resources": [CRISIS_LINE]}
GUIDE_SUMMARY = {
    "slug": "helping-a-loved-one-embrace-therapy",
    "title": "Helping a loved one embrace therapy",
    "summary": "How to raise therapy with someone you care about, and what to say.",
    "topics": [TOPIC],
    "published_at": "2026-03-02T09:00:00Z",
    "updated_at": "2026-10-05T09:00:00Z",
    "last_reviewed": "2026-10-01",
    "review_due": "2027-10-01",
    "reviewer": REVIEWER,
    "authors": [PERSON],
    "reading_level": 7.4,
}
GUIDE_PAGE = "https://example.org/guides/helping-a-loved-one-embrace-therapy/"


def _page(rows):
    # A list's example is one row: the schema wraps it in the page envelope.
    (row,) = rows
    return row


GUIDE_LIST = _page([GUIDE_SUMMARY])
GUIDE_DETAIL = {
    **GUIDE_SUMMARY,
    "release": 3,
    "sections": [
        {
            "anchor": "start-the-conversation",
            "heading": "Start the conversation",
            "body": "",
            "body_html": "",
            "list_style": "bulleted",
            "tips": [TIP],
            "subsections": [],
        }
    ],
    "contributors": [{"person": PERSON, "role": "clinical_writer"}],
    "sources": [
        {
            "citation": "NIMH. Help for mental illnesses.",
            "url": "https://www.nimh.nih.gov/health/find-help",
            "published_on": None,
        }
    ],
    "update_history": [
        {
            "release": 1,
            "kind": "original",
            "date": "2026-03-02",
            "summary": "Originally published.",
            "authors": [PERSON],
            "reviewer": PERSON,
        }
    ],
    **SAFETY,
    "json_ld": {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": GUIDE_SUMMARY["title"],
        "description": GUIDE_SUMMARY["summary"],
        "about": [{"@type": "Thing", "name": "Partners"}],
        "author": [{"@type": "Person", "name": "Maria Lopez", "honorificSuffix": "LPC"}],
        "publisher": {
            "@type": "Organization",
            "name": "Example Health",
            "url": "https://example.org/",
        },
        "url": GUIDE_PAGE,
        "mainEntityOfPage": GUIDE_PAGE,
        "lastReviewed": "2026-10-01",
        "citation": [{"@type": "CreativeWork", "name": "NIMH. Help for mental illnesses."}],
    },
}
TIP_ITEM = {
    **TIP,
    "guide": {"slug": GUIDE_SUMMARY["slug"], "title": GUIDE_SUMMARY["title"]},
    "section": {"anchor": "start-the-conversation", "heading": "Start the conversation"},
    "last_reviewed": "2026-10-01",
}
TIP_LIST = _page([TIP_ITEM])
TIP_DETAIL = {**TIP_ITEM, **SAFETY}
DAILY_TIP = {"date": "2026-12-08", **TIP_DETAIL}
TOPIC_LIST = _page([{**TOPIC, "description": "", "guide_count": 2, "tip_count": 14}])
PERSON_PROFILE = {
    **PERSON,
    "job_title": "Clinical writer",
    "bio": "Maria writes about families and therapy.",
    "bio_html": "<p>Maria writes about families and therapy.</p>",
    "photo_url": "",
    "specialties": ["families", "anxiety"],
    "guides": [
        {
            "slug": GUIDE_SUMMARY["slug"],
            "title": GUIDE_SUMMARY["title"],
            "roles": ["clinical_writer"],
        }
    ],
}
CRISIS_RESOURCES = {
    "region": "US",
    "region_fallback": True,
    "release": 2,
    **SAFETY,
}
