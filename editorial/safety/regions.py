"""Regions as readers name them: ISO 3166-1 alpha-2 country codes.

The list is data, kept here rather than fetched: the officially assigned
codes (249, as of ISO 3166-1:2020 with its later newsletters). ``?region=``
takes one of them, in capitals or in small letters, and answers in capitals.
"""

from django.conf import settings

# A table of codes reads better than a list literal of 249 lines.
ISO_3166_ALPHA2 = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG
    VI VN VU WF WS YE YT ZA ZM ZW
    """.split()  # noqa: SIM905
)

# What ``?region=`` accepts, as the OpenAPI schema lists it.
ACCEPTED_SPELLINGS = sorted(ISO_3166_ALPHA2) + sorted(code.lower() for code in ISO_3166_ALPHA2)


class UnknownRegion(ValueError):
    pass


def region_code(value):
    """``value`` as an ISO 3166-1 alpha-2 code in capitals, or UnknownRegion."""
    if value in ISO_3166_ALPHA2 or (value.islower() and value.upper() in ISO_3166_ALPHA2):
        return value.upper()
    raise UnknownRegion(
        f"“{value[:20]}” is not an ISO 3166-1 alpha-2 country code; give one such as US or GB."
    )


def default_region():
    return settings.GUIDANCE_DEFAULT_REGION.upper()


def resources_for(crisis_resources, region):
    """The crisis resources ``region`` gets, and the region they are for.

    The region's own; if it has none, the default region's; if even that has
    none (the setting changed since the release), the first region released:
    a reader in need must never get an empty list. ``([], None)`` only when
    nothing is released at all.
    """
    fallbacks = [region, default_region(), *(r["region"] for r in crisis_resources[:1])]
    for wanted in fallbacks:
        found = [resource for resource in crisis_resources if resource["region"] == wanted]
        if found:
            return found, wanted
    return [], None
