"""Words and sentences the demo generator draws from, so a demo book reads like a real CSM's.

The vendor in the demo sells "Beacon", a B2B operations platform with modules (Analytics,
Workflow, Connectors, ...). Everything here is invented; any resemblance to real companies or
people is accidental.
"""

from __future__ import annotations

COMPANY_FIRST = (
    "Northwind", "Bluefin", "Crestline", "Harbor", "Ironwood", "Juniper", "Keystone", "Lakeshore",
    "Meridian", "Northstar", "Oakridge", "Pinnacle", "Quarry", "Redwood", "Silverline", "Tidewater",
    "Summit", "Vantage", "Westbrook", "Yellowstone", "Alder", "Beacon Hill", "Cobalt", "Driftwood",
    "Evergreen", "Foxglove", "Granite", "Highland", "Indigo", "Jasper", "Kestrel", "Lumen",
    "Maple", "Nimbus", "Orchard", "Pioneer", "Quill", "Riverbend", "Sterling", "Thornbury",
    "Union", "Verity", "Willow", "Zenith", "Amberley", "Brightwater", "Cascade", "Delta Bay",
    "Elmstead", "Fairhaven", "Goldcrest", "Hawthorne", "Ivory", "Larkspur", "Mosaic", "Nordic",
    "Oxbow", "Prairie", "Ridgeway", "Saffron", "Trident", "Upland", "Vireo", "Wren", "Aurora",
    "Bramble", "Copperleaf", "Dunmore", "Eastgate", "Fernhill", "Glenwood", "Halcyon", "Kingsley",
    "Lockwood", "Marlowe", "Newhaven", "Oriel", "Peregrine", "Rosewood", "Seabright",
)  # fmt: skip

INDUSTRY_NOUNS: dict[str, tuple[str, ...]] = {
    "Healthcare": ("Health", "Medical", "Clinics", "Care Partners", "Diagnostics", "Biotech"),
    "Financial services": ("Capital", "Bank", "Insurance", "Financial", "Credit Union",
                           "Wealth Partners"),
    "Manufacturing": ("Manufacturing", "Industries", "Components", "Fabrication", "Plastics",
                      "Machinery"),
    "Retail": ("Outfitters", "Markets", "Retail Group", "Home Goods", "Grocers", "Apparel"),
    "Logistics": ("Logistics", "Freight", "Shipping", "Transport", "Supply Co", "Couriers"),
    "Software": ("Software", "Labs", "Systems", "Cloud", "Analytics", "Digital"),
    "Education": ("Academy", "Learning", "University Press", "Schools Trust", "EdTech",
                  "College Group"),
    "Energy": ("Energy", "Power", "Renewables", "Utilities", "Solar", "Grid Services"),
    "Hospitality": ("Hotels", "Resorts", "Hospitality", "Travel", "Dining Group", "Leisure"),
    "Professional services": ("Consulting", "Partners", "Advisory", "Associates", "Legal",
                              "Engineering"),
}  # fmt: skip

REGIONS: dict[str, tuple[str, ...]] = {
    "North America": ("Inc.", "LLC", "Corp."),
    "EMEA": ("Ltd", "GmbH", "SA", "BV", "AB"),
    "APAC": ("Pty Ltd", "Pte Ltd", "KK"),
    "LATAM": ("SA de CV", "Ltda."),
}
REGION_WEIGHTS = {"North America": 50, "EMEA": 30, "APAC": 14, "LATAM": 6}

CSM_TEAM = ("Priya Natarajan", "Marcus Webb", "Sofia Lindqvist", "Daniel Okafor", "Hannah Kim")
INTERNAL_PEOPLE = (
    ("Elena Marsh", "Account Executive"), ("Tom Becker", "Solutions Engineer"),
    ("Grace Liu", "Support Lead"), ("Omar Haddad", "VP Customer Success"),
    ("Rachel Stone", "Product Manager"),
)  # fmt: skip

FIRST_NAMES = (
    "Olivia", "Liam", "Amara", "Noah", "Sofia", "Mateo", "Aisha", "Lucas", "Mei", "Ethan",
    "Zara", "Hiroshi", "Chloe", "Ravi", "Ingrid", "Diego", "Fatima", "Jonas", "Priya", "Samuel",
    "Leila", "Henrik", "Nia", "Oscar", "Yuki", "Gabriel", "Anya", "Kwame", "Isabel", "Felix",
    "Hana", "Marco", "Esther", "Arjun", "Clara", "Tobias", "Maya", "Andre", "Lina", "Victor",
    "Rosa", "Kenji", "Elif", "Patrick", "Sana", "Lars", "Beatriz", "Daniel", "Ngozi", "Erik",
)  # fmt: skip
LAST_NAMES = (
    "Anderson", "Okoye", "Fischer", "Nakamura", "Garcia", "Patel", "Johansson", "Rossi",
    "Dubois", "Kowalski", "Chen", "Murphy", "Haddad", "Silva", "Novak", "Schmidt", "Kim",
    "Moreau", "Adeyemi", "Larsen", "Costa", "Brennan", "Ivanova", "Tanaka", "Mensah",
    "Lindgren", "Romero", "Walsh", "Sato", "Bauer", "Okafor", "Meyer", "Santos", "Nguyen",
    "Fernandes", "Kaur", "O'Neill", "Hughes", "Ferreira", "Yilmaz",
)  # fmt: skip

ROLE_TITLES = {
    "executive_sponsor": ("Chief Operating Officer", "VP Operations", "Chief Information Officer",
                          "Chief Financial Officer", "SVP Digital Transformation"),
    "economic_buyer": ("Head of Procurement", "VP Finance", "Director of IT Purchasing"),
    "decision_maker": ("Director of Operations", "Head of Business Systems", "IT Director"),
    "champion": ("Operations Manager", "Business Systems Lead", "Analytics Manager",
                 "Process Excellence Lead"),
    "influencer": ("Senior Analyst", "Solutions Architect", "Team Lead, Finance Ops",
                   "Data Engineer"),
    "end_user": ("Operations Analyst", "Customer Service Lead", "Reporting Specialist",
                 "Planner"),
    "detractor": ("Legacy Systems Owner", "Security Architect", "Regional Director"),
    "point_of_contact": ("Program Manager", "Project Coordinator", "IT Service Manager"),
}  # fmt: skip

PRODUCTS = ("Beacon Analytics", "Beacon Workflow", "Beacon Connectors", "Beacon Mobile",
            "Beacon AI Assistant", "Beacon Admin & SSO", "Beacon Reporting")  # fmt: skip

USE_CASES = (
    ("Automate invoice approvals", "Invoices wait days for approval by email.",
     "Approvals in under 24 hours with an audit trail.", "Beacon Workflow"),
    ("Executive operations dashboard", "Leaders assemble weekly numbers by hand in spreadsheets.",
     "One live dashboard the leadership team opens every Monday.", "Beacon Analytics"),
    ("Field team mobile check-ins", "Field staff report visits on paper forms.",
     "Visits logged from the phone the same day.", "Beacon Mobile"),
    ("CRM and ERP sync", "Orders are re-keyed between CRM and ERP.",
     "Orders flow automatically with no re-keying.", "Beacon Connectors"),
    ("Self-service reporting for managers", "Managers wait on the analytics team for reports.",
     "Managers build their own reports.", "Beacon Reporting"),
    ("AI triage of service requests", "Requests are routed manually and slowly.",
     "Requests routed automatically, faster first response.", "Beacon AI Assistant"),
    ("Single sign-on rollout", "Users juggle separate passwords; IT resets them weekly.",
     "All users on SSO with automated provisioning.", "Beacon Admin & SSO"),
    ("Supplier onboarding workflow", "Supplier onboarding takes six weeks of email.",
     "Suppliers onboarded in under two weeks.", "Beacon Workflow"),
)  # fmt: skip

# Goal templates: title, category, KPI name, unit, baseline, target.
GOALS = (
    ("Raise weekly active usage across licensed seats", "adoption", "Weekly active users", "%",
     30.0, 75.0),
    ("Cut invoice approval time", "roi_value", "Median approval time", "hours", 72.0, 24.0),
    ("Roll out to the EMEA sales organisation", "expansion", "Seats activated", "seats", 0.0,
     250.0),
    ("Reduce manual reporting effort", "roi_value", "Hours spent per month", "hours", 160.0,
     40.0),
    ("Complete onboarding of the finance team", "onboarding", "Users trained", "users", 0.0,
     60.0),
    ("Reduce P1 support escalations", "risk_reduction", "P1 escalations per quarter", "tickets",
     9.0, 2.0),
    ("Automate supplier onboarding", "roi_value", "Days to onboard a supplier", "days", 42.0,
     14.0),
    ("Lift dashboard adoption among managers", "adoption", "Managers using dashboards", "%",
     15.0, 70.0),
    ("Consolidate reporting tools", "risk_reduction", "Legacy reports retired", "reports", 0.0,
     120.0),
    ("Prove savings for the renewal business case", "roi_value", "Annual savings realised",
     "kUSD", 0.0, 400.0),
)  # fmt: skip

RISKS = (
    ("Executive sponsor changing roles", "relationship",
     "Identify a successor early; brief them in the next QBR."),
    ("Low adoption in the APAC team", "adoption",
     "Run local enablement sessions; name a regional champion."),
    ("Competitor pilot running in marketing", "competition",
     "Share the value report with the sponsor; offer a workshop on the roadmap."),
    ("Budget freeze announced for next fiscal year", "commercial",
     "Build the ROI case early with the economic buyer."),
    ("Open P1 defects in the SSO integration", "product",
     "Weekly bug review with engineering until fixed."),
    ("IT department reorganisation", "organisational",
     "Map the new org chart; meet the incoming IT director."),
    ("Data quality issues in the CRM feed", "technical",
     "Data clean-up sprint with the customer's admin."),
    ("Slow response to support tickets", "support",
     "Escalation path agreed; weekly ticket review with support lead."),
    ("Champion stretched across too many projects", "relationship",
     "Add a second champion in operations."),
)  # fmt: skip

ACTIONS = (
    "Send QBR recap and agreed next steps", "Schedule enablement session for new users",
    "Share adoption report with the executive sponsor", "Review open support escalations",
    "Prepare renewal business case", "Introduce product manager for roadmap preview",
    "Confirm success criteria for the next phase", "Book executive alignment call",
    "Follow up on NPS detractor feedback", "Draft mutual action plan for Q3 rollout",
    "Clean up inactive licences before renewal", "Invite champion to customer advisory board",
    "Check in after go-live", "Send case study draft for approval",
    "Align on integration timeline with IT", "Update success plan after reorg",
)  # fmt: skip

INTERACTION_SUBJECTS = {
    "call": ("Weekly check-in", "Adoption review call", "Roadmap questions",
             "Renewal timeline call", "Support follow-up call", "Champion sync"),
    "meeting": ("Onsite workshop", "Executive alignment meeting", "Enablement session",
                "Success plan review", "Integration planning meeting"),
    "email": ("Shared adoption report", "Sent release notes", "Follow-up on action items",
              "Renewal quote sent", "Invitation to webinar"),
    "escalation": ("P1 outage escalation", "Data sync failure escalated",
                   "Escalation: SSO login errors", "Executive complaint about response times"),
    "note": ("Internal note on account strategy", "Heard about reorg from champion",
             "Competitor spotted in the account"),
    "qbr": ("Quarterly business review",),
}  # fmt: skip

SUMMARIES_GOOD = (
    "Usage is up since the last session; the team asked about advanced reporting.",
    "Sponsor is happy with progress and wants to extend to another department.",
    "Walked through the roadmap; strong interest in the AI Assistant beta.",
    "Go-live went smoothly; champion will present results internally.",
)  # fmt: skip
SUMMARIES_MIXED = (
    "Adoption is steady but the finance team has not logged in for weeks.",
    "Agreed on next steps; waiting on IT for the integration credentials.",
    "Some frustration about report performance; engineering is looking into it.",
    "Renewal is likely but procurement wants a discount for multi-year.",
)  # fmt: skip
SUMMARIES_BAD = (
    "Sponsor questioned the value delivered so far and asked for an ROI review.",
    "Repeated outages hurt trust; the customer is evaluating alternatives.",
    "Champion left; new contact is unfamiliar with the rollout plan.",
    "Budget cuts mean the renewal is at risk unless savings are proven.",
)  # fmt: skip

NPS_COMMENTS = {
    "promoter": ("Easy to use and the support team is great.",
                 "Saved our team hours every week.", "Best workflow tool we have used."),
    "passive": ("Good product, reporting could be faster.", "Does the job; onboarding was long.",
                "Useful, but the mobile app needs work."),
    "detractor": ("Too many outages this quarter.", "Hard to get answers from support.",
                  "We are not seeing the value we were promised."),
}  # fmt: skip
THEMES = ("ease of use", "support", "performance", "reporting", "value", "reliability",
          "onboarding", "integrations", "mobile")  # fmt: skip

OPPORTUNITIES = (
    ("Add Beacon Analytics for the finance team", "cross_sell", "Beacon Analytics"),
    ("Expand seats to EMEA sales", "upsell", "Beacon Workflow"),
    ("Upgrade to Enterprise edition", "upsell", "Beacon Workflow"),
    ("Mobile rollout for field teams", "cross_sell", "Beacon Mobile"),
    ("AI Assistant pilot", "cross_sell", "Beacon AI Assistant"),
    ("Premium support package", "upsell", "Beacon Admin & SSO"),
)  # fmt: skip

QBR_AGENDA = (
    ("objectives", "Objectives and attendees", 5),
    ("since_last", "Since our last review: commitments and wins", 10),
    ("health", "Health and adoption trend", 10),
    ("goals", "Goals: progress against target", 10),
    ("risks", "Risks and mitigations", 8),
    ("voice", "Voice of the customer", 5),
    ("roadmap", "Roadmap and expansion", 5),
    ("next_quarter", "Next quarter: goals and mutual action plan", 5),
    ("next_steps", "Open questions and next steps", 2),
)  # fmt: skip
