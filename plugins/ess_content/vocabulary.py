"""The contract's controlled vocabularies (sections and languages are declared in ess_config)."""

RESOURCE_TYPES = ("guide", "study", "report", "law", "toolkit", "presentation", "video", "other")
TERRITORIES = (
    "luxembourg",
    "lorraine",
    "saarland",
    "rhineland-palatinate",
    "wallonia",
    "german-speaking-community",
)
MEMBER_KINDS = ("ess-enterprise", "classic-enterprise", "public-authority", "support-organisation")
THEMES = (
    "short-circuits",
    "circular-economy",
    "collaborative-economy",
    "digital",
    "personal-services",
    "responsible-purchasing",
    "work-integration",
    "eco-construction",
    "solidarity-finance",
    "culture-tourism",
)
CRITERIA = ("societal-impact", "democratic-governance", "social-utility", "environment", "local-anchoring")
#: the values of each field a listing is browsed by (ess_config.sections ``facets``), in the order shown
FACET_VALUES = {
    "territory": TERRITORIES,
    "kind": MEMBER_KINDS,
    "themes": THEMES,
    "criteria": CRITERIA,
    "type": RESOURCE_TYPES,
}
STATUSES = ("published", "draft")
DEFAULT_TIMEZONE = "Europe/Luxembourg"
