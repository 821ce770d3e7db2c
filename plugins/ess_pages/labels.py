"""Translated labels of the contract's controlled vocabularies (msgids in English, via the catalogs)."""

from ess_config.sections import N_, SECTIONS

SECTION_NAMES = {name: section.label for name, section in SECTIONS.items()}

TERRITORIES = {
    "luxembourg": N_("Luxembourg"),
    "lorraine": N_("Lorraine"),
    "saarland": N_("Saarland"),
    "rhineland-palatinate": N_("Rhineland-Palatinate"),
    "wallonia": N_("Wallonia"),
    "german-speaking-community": N_("German-speaking Community of Belgium"),
}

MEMBER_KINDS = {
    "ess-enterprise": N_("Social and solidarity economy enterprise"),
    "classic-enterprise": N_("Classic enterprise"),
    "public-authority": N_("Public authority"),
    "support-organisation": N_("Support organisation"),
}

THEMES = {
    "short-circuits": N_("Short supply chains"),
    "circular-economy": N_("Circular economy"),
    "collaborative-economy": N_("Collaborative economy"),
    "digital": N_("Digital"),
    "personal-services": N_("Personal services"),
    "responsible-purchasing": N_("Responsible purchasing"),
    "work-integration": N_("Work integration"),
    "eco-construction": N_("Eco-construction"),
    "solidarity-finance": N_("Solidarity finance"),
    "culture-tourism": N_("Culture and tourism"),
}

CRITERIA = {
    "societal-impact": N_("Societal impact"),
    "democratic-governance": N_("Democratic governance"),
    "social-utility": N_("Social utility"),
    "environment": N_("Respect for the environment"),
    "local-anchoring": N_("Local anchoring"),
}

CRITERIA_EXPLAINED = {
    "societal-impact": N_("Its activity answers a need of society, not only a market."),
    "democratic-governance": N_("Decisions involve staff, users or partners: participative and social democracy."),
    "social-utility": N_("It is useful to society through its field or through its commitment to its own staff."),
    "environment": N_("It limits its impact on the environment in what it produces and buys."),
    "local-anchoring": N_("It works with short supply chains and creates value where it is based."),
}

RESOURCE_TYPES = {
    "guide": N_("Guide"),
    "study": N_("Study"),
    "report": N_("Report"),
    "law": N_("Law"),
    "toolkit": N_("Toolkit"),
    "presentation": N_("Presentation"),
    "video": N_("Video"),
    "other": N_("Other document"),
}

RESOURCE_TYPE_GROUPS = {
    "guide": N_("Guides"),
    "study": N_("Studies"),
    "report": N_("Reports"),
    "law": N_("Laws"),
    "toolkit": N_("Toolkits"),
    "presentation": N_("Presentations"),
    "video": N_("Videos"),
    "other": N_("Other documents"),
}

VOCABULARIES = {
    "section": SECTION_NAMES,
    "territory": TERRITORIES,
    "kind": MEMBER_KINDS,
    "theme": THEMES,
    "criterion": CRITERIA,
    "criterion_explained": CRITERIA_EXPLAINED,
    "resource_type": RESOURCE_TYPES,
    "resource_group": RESOURCE_TYPE_GROUPS,
}

#: a field a listing is browsed by (ess_config.sections ``facets``): its name, the vocabulary naming its
#: values, and the link back to the whole listing
FACETS = {
    "territory": (N_("Territory"), "territory", N_("All territories")),
    "kind": (N_("Kind of organisation"), "kind", N_("All kinds")),
    "themes": (N_("Theme"), "theme", N_("All themes")),
    "criteria": (N_("ESS criterion"), "criterion", N_("All criteria")),
    "type": (N_("Type"), "resource_group", N_("All types")),
}
