"""Due-diligence policy as versioned data, and the default policy based on UNDP's.

Everything a secretariat or Board may want to change lives here as data: the
exclusionary criteria, the high-risk sectors, the indicator weights, the level
thresholds, the depth-of-review table and the re-assessment intervals. The rule that
reads it is in ``rule.py``; docs/engines.md ("Risk rule") explains both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType


class RiskLevel(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    SUBSTANTIAL = "substantial"
    HIGH = "high"


LEVEL_ORDER = (RiskLevel.LOW, RiskLevel.MODERATE, RiskLevel.SUBSTANTIAL, RiskLevel.HIGH)


class ReviewDepth(StrEnum):
    BASIC = "basic"
    STANDARD = "standard"
    ENHANCED = "enhanced"


DEPTH_ORDER = (ReviewDepth.BASIC, ReviewDepth.STANDARD, ReviewDepth.ENHANCED)


class Severity(StrEnum):
    MINOR = "minor"
    MODERATE = "moderate"
    SERIOUS = "serious"
    SEVERE = "severe"


class ControversyStatus(StrEnum):
    ALLEGED = "alleged"
    SUBSTANTIATED = "substantiated"
    RESOLVED = "resolved"


class EsgCommitment(StrEnum):
    STRONG = "strong"
    ADEQUATE = "adequate"
    WEAK = "weak"
    NONE = "none"


class Relationship(StrEnum):
    """What the organisation asks the alliance for."""

    MEMBERSHIP = "membership"  # a partner that contributes little or nothing in cash
    IN_KIND = "in_kind"  # expertise, technology, networks, convening, venues
    FINANCIAL = "financial"  # pays a cash contribution to the alliance
    GOVERNANCE = "governance"  # a Board seat or the chair of a group
    IMPLEMENTING = "implementing"  # receives alliance funds or runs work in its name


ORG_TYPES = (
    "company",
    "ngo",
    "government",
    "un_agency",
    "academic",
    "foundation",
    "network",
    "other",
)

# The eleven pieces of ESG evidence: the ten UN Global Compact principles and the
# UN Guiding Principles on Business and Human Rights.
ESG_EVIDENCE_CODES = (*(f"ungc-{n}" for n in range(1, 11)), "ungp")


@dataclass(frozen=True, slots=True)
class ExclusionaryCriterion:
    code: str
    number: int  # UNDP numbering, 1..11
    name: str
    activity: str
    involvement: str
    revenue_threshold_percent: Decimal  # share of revenue above which it is a hit; 0 = any
    lookback_years: int
    list_sources: tuple[str, ...]  # ids of lists/sources that feed this criterion


@dataclass(frozen=True, slots=True)
class HighRiskSector:
    code: str
    name: str
    why: str
    source: str


@dataclass(frozen=True, slots=True)
class RiskPolicy:
    code: str
    version: str
    title: str
    criteria: tuple[ExclusionaryCriterion, ...]
    high_risk_sectors: tuple[HighRiskSector, ...]
    list_sources: Mapping[str, str]  # source id -> what it is
    # Indicator weights (points).
    high_risk_sector_points: int
    controversy_points: Mapping[tuple[Severity, ControversyStatus], int]
    esg_points: Mapping[EsgCommitment, int]
    unresolved_screening_hit_points: int  # once, however many hits are unresolved
    # ESG evidence count -> commitment: the highest level whose minimum is reached.
    esg_minimum_evidence: Mapping[EsgCommitment, int]
    esg_applies_to: frozenset[str]  # organisation types judged on ESG commitment
    # Minimum points for each level above Low.
    level_minimum_points: Mapping[RiskLevel, int]
    depth_of_review: Mapping[tuple[str, Relationship], ReviewDepth]
    reassessment_months: Mapping[RiskLevel, int]

    def criterion(self, code: str) -> ExclusionaryCriterion:
        for criterion in self.criteria:
            if criterion.code == code:
                return criterion
        raise KeyError(code)

    def sector(self, code: str) -> HighRiskSector:
        for sector in self.high_risk_sectors:
            if sector.code == code:
                return sector
        raise KeyError(code)


def _freeze(mapping: dict) -> Mapping:  # type: ignore[type-arg]
    return MappingProxyType(mapping)


UNDP_LIST_SOURCES = {
    "un-sc": "UN Security Council Consolidated List (screening engine)",
    "ofac-sdn": "US OFAC SDN and consolidated lists (screening engine)",
    "eu-fsf": "EU financial sanctions files (screening engine)",
    "uk-ofsi": "UK OFSI consolidated list (screening engine)",
    "ca-sema": "Canada consolidated autonomous sanctions list (screening engine)",
    "opensanctions": "OpenSanctions: sanctions, debarment and PEP data (screening engine)",
    "ungm-ineligible": "UN Global Marketplace list of ineligible and suspended vendors",
    "worldbank-debarred": "World Bank listing of ineligible (debarred) firms and individuals",
    "sipri-arms-industry": "SIPRI Arms Industry Database (top arms-producing companies)",
    "gpfg-exclusions": "Norwegian Government Pension Fund Global exclusion list (reasons given)",
    "ohchr-business-database": "OHCHR database of businesses in settlements (A/HRC/43/71)",
    "bhrrc": "Business & Human Rights Resource Centre allegations and company responses",
    "usdol-tvpra": "US Department of Labor list of goods produced by child or forced labour",
    "uflpa-entity-list": "US UFLPA Entity List (forced labour)",
    "cites": "CITES appendices (trade in endangered wildlife)",
    "chemical-conventions": "Stockholm, Rotterdam and Montreal Protocol substance lists",
    "self-disclosure": "the applicant's own self-disclosure and annual report",
    "media-research": "the reviewer's documented media and registry research",
}


def _undp_criteria() -> tuple[ExclusionaryCriterion, ...]:
    d = Decimal
    research = ("self-disclosure", "media-research")
    return (
        ExclusionaryCriterion(
            "weapons",
            1,
            "Weapons and armaments",
            "Manufacture, sale or distribution of armaments or weapons, including military "
            "supplies and equipment",
            "Direct: the organisation or a subsidiary it controls",
            d(0),
            3,
            ("sipri-arms-industry", "gpfg-exclusions", *research),
        ),
        ExclusionaryCriterion(
            "weapon_components",
            2,
            "Components of weapons and armaments",
            "Manufacture or sale of components made for weapons, including anti-personnel "
            "mines and cluster munitions",
            "Direct, or through a controlled subsidiary; dedicated components only",
            d(0),
            3,
            ("sipri-arms-industry", "gpfg-exclusions", *research),
        ),
        ExclusionaryCriterion(
            "replica_weapons",
            3,
            "Replica weapons",
            "Manufacture or sale of replica weapons",
            "Direct",
            d(5),
            3,
            research,
        ),
        ExclusionaryCriterion(
            "tobacco",
            4,
            "Tobacco",
            "Manufacture of tobacco or tobacco products; their distribution or sale",
            "Manufacture: any; distribution or sale: above the revenue threshold",
            d(5),
            3,
            ("gpfg-exclusions", *research),
        ),
        ExclusionaryCriterion(
            "un_sanctions",
            5,
            "UN sanctions, conventions, treaties and resolutions; ineligibility lists",
            "Breach of UN Security Council sanctions, UN conventions, treaties or "
            "resolutions, or presence on a UN ineligibility or sanctions list",
            "The organisation, its officers or beneficial owners",
            d(0),
            5,
            (
                "un-sc",
                "ofac-sdn",
                "eu-fsf",
                "uk-ofsi",
                "ca-sema",
                "opensanctions",
                "ungm-ineligible",
                "worldbank-debarred",
            ),
        ),
        ExclusionaryCriterion(
            "pornography",
            6,
            "Pornography",
            "Production or distribution of pornography",
            "Production: any; distribution: above the revenue threshold",
            d(5),
            3,
            research,
        ),
        ExclusionaryCriterion(
            "banned_substances",
            7,
            "Internationally banned substances and wildlife products",
            "Manufacture or trade of substances subject to international bans or phase-outs, "
            "or of wildlife or wildlife products covered by CITES",
            "Direct",
            d(0),
            3,
            ("chemical-conventions", "cites", *research),
        ),
        ExclusionaryCriterion(
            "gambling",
            8,
            "Gambling",
            "Operation of gambling, casinos or betting, including online",
            "Direct, above the revenue threshold",
            d(5),
            3,
            research,
        ),
        ExclusionaryCriterion(
            "human_rights",
            9,
            "Human rights violations",
            "Violation of human rights, or complicity in violations by others",
            "Direct or complicit, established by a credible source and not remedied",
            d(0),
            5,
            ("ohchr-business-database", "bhrrc", "gpfg-exclusions", *research),
        ),
        ExclusionaryCriterion(
            "forced_labour",
            10,
            "Forced or compulsory labour",
            "Use or tolerance of forced or compulsory labour (ILO Conventions 29 and 105)",
            "In own operations or known and tolerated in the supply chain",
            d(0),
            5,
            ("usdol-tvpra", "uflpa-entity-list", "bhrrc", *research),
        ),
        ExclusionaryCriterion(
            "child_labour",
            11,
            "Child labour",
            "Use or tolerance of child labour (ILO Conventions 138 and 182)",
            "In own operations or known and tolerated in the supply chain",
            d(0),
            5,
            ("usdol-tvpra", "bhrrc", *research),
        ),
    )


def _undp_high_risk_sectors() -> tuple[HighRiskSector, ...]:
    undp = "UNDP private-sector risk assessment guideline, annex on high-risk sectors"
    ohchr = (
        "OHCHR, The right to privacy in the digital age (A/HRC/48/31, 2021) and the "
        "Special Rapporteur on freedom of expression, Surveillance and human rights "
        "(A/HRC/41/35, 2019)"
    )
    return (
        HighRiskSector(
            "extractives",
            "Extractives: oil, gas and mining",
            "Environmental harm, land and indigenous peoples' rights, corruption",
            undp,
        ),
        HighRiskSector(
            "chemicals",
            "Chemicals and heavy industry",
            "Pollution, worker safety, hazardous substances",
            undp,
        ),
        HighRiskSector(
            "agribusiness_forestry",
            "Agribusiness, plantations and forestry",
            "Land rights, deforestation, forced and child labour in supply chains",
            undp,
        ),
        HighRiskSector(
            "construction_infrastructure",
            "Construction and large infrastructure",
            "Displacement, labour conditions, corruption in procurement",
            undp,
        ),
        HighRiskSector(
            "alcohol",
            "Alcohol",
            "Public-health harm; excluded by some UN bodies' partnership policies",
            undp,
        ),
        HighRiskSector(
            "arms_adjacent",
            "Arms-adjacent and dual-use goods",
            "Goods and services listed as dual-use, or sold mainly to armed forces",
            "Wassenaar Arrangement dual-use list; UNDP exclusionary criteria 1-3 (nearby)",
        ),
        HighRiskSector(
            "private_security",
            "Private military and security services",
            "Use of force, accountability gaps in conflict settings",
            "Montreux Document (2008); International Code of Conduct for Private Security "
            "Service Providers",
        ),
        HighRiskSector(
            "surveillance_technology",
            "Surveillance technology",
            "Spyware, interception and mass-surveillance tools used against rights holders",
            ohchr,
        ),
        HighRiskSector(
            "biometrics_security_forces",
            "Biometrics vendors to security forces",
            "Biometric identification supplied to police, military or migration enforcement "
            "can enable profiling and exclusion — central to an identity alliance",
            ohchr,
        ),
        HighRiskSector(
            "data_brokerage",
            "Data brokerage and personal-data resale",
            "Trade in personal data without meaningful consent",
            ohchr,
        ),
    )


def _undp_depth_of_review() -> Mapping[tuple[str, Relationship], ReviewDepth]:
    """Start from a depth per organisation type, then go one step deeper where the
    relationship puts money or the alliance's name in the organisation's hands."""
    base = {
        "un_agency": ReviewDepth.BASIC,
        "government": ReviewDepth.BASIC,
        "academic": ReviewDepth.BASIC,
        "ngo": ReviewDepth.BASIC,
        "network": ReviewDepth.BASIC,
        "foundation": ReviewDepth.STANDARD,
        "company": ReviewDepth.STANDARD,
        "other": ReviewDepth.STANDARD,
    }
    deeper = {Relationship.FINANCIAL, Relationship.GOVERNANCE, Relationship.IMPLEMENTING}
    table = {}
    for org_type, depth in base.items():
        for relationship in Relationship:
            step = 1 if relationship in deeper else 0
            table[(org_type, relationship)] = DEPTH_ORDER[
                min(DEPTH_ORDER.index(depth) + step, len(DEPTH_ORDER) - 1)
            ]
    return _freeze(table)


def default_undp_policy() -> RiskPolicy:
    """The policy Alliance ships: UNDP's 2013 Policy on Due Diligence and Partnerships
    with the Private Sector, with its four risk levels and three depths of review."""
    s, c = Severity, ControversyStatus
    controversy_points = {
        (s.MINOR, c.ALLEGED): 0,
        (s.MINOR, c.SUBSTANTIATED): 0,
        (s.MODERATE, c.ALLEGED): 0,
        (s.MODERATE, c.SUBSTANTIATED): 1,
        (s.SERIOUS, c.ALLEGED): 2,
        (s.SERIOUS, c.SUBSTANTIATED): 4,
        (s.SEVERE, c.ALLEGED): 3,
        (s.SEVERE, c.SUBSTANTIATED): 6,
    }
    for severity in Severity:
        controversy_points[(severity, c.RESOLVED)] = 0
    return RiskPolicy(
        code="undp-2013",
        version="1",
        title="UNDP Policy on Due Diligence and Partnerships with the Private Sector (2013)",
        criteria=_undp_criteria(),
        high_risk_sectors=_undp_high_risk_sectors(),
        list_sources=_freeze(dict(UNDP_LIST_SOURCES)),
        high_risk_sector_points=2,
        controversy_points=_freeze(controversy_points),
        esg_points=_freeze(
            {
                EsgCommitment.STRONG: 0,
                EsgCommitment.ADEQUATE: 0,
                EsgCommitment.WEAK: 1,
                EsgCommitment.NONE: 2,
            }
        ),
        unresolved_screening_hit_points=2,
        esg_minimum_evidence=_freeze(
            {
                EsgCommitment.STRONG: 8,
                EsgCommitment.ADEQUATE: 5,
                EsgCommitment.WEAK: 1,
                EsgCommitment.NONE: 0,
            }
        ),
        esg_applies_to=frozenset({"company", "foundation", "other"}),
        level_minimum_points=_freeze(
            {RiskLevel.MODERATE: 2, RiskLevel.SUBSTANTIAL: 4, RiskLevel.HIGH: 6}
        ),
        depth_of_review=_undp_depth_of_review(),
        reassessment_months=_freeze(
            {
                RiskLevel.LOW: 36,
                RiskLevel.MODERATE: 24,
                RiskLevel.SUBSTANTIAL: 12,
                RiskLevel.HIGH: 6,
            }
        ),
    )
