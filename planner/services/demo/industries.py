"""What each industry in the demo book does with the product, in its own words.

The vendor of the demo sells **Beacon**, an operations platform with modules (Analytics,
Workflow, Connectors, Mobile, AI Assistant, Admin & SSO, Reporting). A hospital uses it to
plan nurse rotas and beds, a logistics firm to run dispatch and proof of delivery: each industry
below has its own teams and sites, use cases, goals with KPIs and units (and, where it is
natural, what one unit is worth), the incidents that get escalated, risks, expansion
opportunities, and the things its people say in surveys. Slots in braces (``{site}``,
``{team}``) are filled per account.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain.enums import GoalCategory, OpportunityKind, RiskCategory


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


@dataclass(frozen=True, slots=True)
class UseCaseKind:
    key: str
    title: str
    problem: str
    outcome: str
    products: str
    users: str
    """Who works with it day to day (plural noun phrase)."""
    goal: str
    """The key of the goal it moves ("" when none)."""


@dataclass(frozen=True, slots=True)
class GoalKind:
    key: str
    titles: tuple[str, ...]
    category: GoalCategory
    kpi: str
    unit: str
    better: int
    """+1 when a higher value is better, -1 when lower is better."""
    baseline: tuple[float, float]
    target: tuple[float, float]
    """A relative improvement (0.3 = 30 % better than the baseline) when ``relative``, else the
    absolute target range (for goals that start at zero: wards live, people trained)."""
    decimals: int
    outcome: str
    """The desired outcome in the customer's terms, for the plan's summary."""
    per_unit: int | None = None
    """What one unit is worth in US cents (an avoided stock-out, a claim not reworked)."""
    hourly: bool = False
    """One unit is an hour of someone's time: worth the loaded hourly cost of the region."""
    relative: bool = False


@dataclass(frozen=True, slots=True)
class Incident:
    subject: str
    impact: str
    cause: str
    fix: str


@dataclass(frozen=True, slots=True)
class Industry:
    name: str
    teams: tuple[str, ...]
    sites: tuple[str, ...]
    footprint: tuple[tuple[str, str, float], ...]
    """How big a customer is: (singular, plural, employees per one), e.g. one hospital per
    4,000 staff and one community clinic per 900."""
    use_cases: tuple[UseCaseKind, ...]
    goals: tuple[GoalKind, ...]
    incidents: tuple[Incident, ...]
    risks: tuple[tuple[str, RiskCategory, str], ...]
    opportunities: tuple[tuple[str, OpportunityKind, str], ...]
    praise: tuple[str, ...]
    friction: tuple[str, ...]
    competitors: tuple[str, ...]


ADOPT, ROI, EXPAND, RISK, ONBOARD = (
    GoalCategory.ADOPTION,
    GoalCategory.ROI_VALUE,
    GoalCategory.EXPANSION,
    GoalCategory.RISK_REDUCTION,
    GoalCategory.ONBOARDING,
)
UP, CROSS = OpportunityKind.UPSELL, OpportunityKind.CROSS_SELL

HEALTHCARE = Industry(
    name="Healthcare",
    teams=_split(
        "nurse managers|ward clerks|bed managers|outpatient schedulers|theatre coordinators"
    ),
    sites=_split(
        "cardiology ward|emergency department|surgical wing|maternity unit|children's hospital|"
        "north campus|outpatient clinics|oncology day unit"
    ),
    footprint=(("hospital", "hospitals", 4000), ("community clinic", "community clinics", 900)),
    use_cases=(
        UseCaseKind(
            "rota",
            "Nurse rostering",
            "Ward managers build rotas in spreadsheets and phone round for cover.",
            "Rotas published four weeks ahead; open shifts filled from the app.",
            "Beacon Workflow, Beacon Mobile",
            "nurse managers",
            "rota_time",
        ),
        UseCaseKind(
            "beds",
            "Live bed management board",
            "Bed status lives on whiteboards and in phone calls between wards.",
            "One live board of every bed, cleaned and ready, for the site team.",
            "Beacon Analytics",
            "bed managers",
            "bed_turnaround",
        ),
        UseCaseKind(
            "reminders",
            "Outpatient appointment reminders",
            "Patients miss appointments and the slots are lost.",
            "Reminders by text two days ahead, with one-tap rebooking.",
            "Beacon Workflow, Beacon Connectors",
            "outpatient schedulers",
            "no_shows",
        ),
        UseCaseKind(
            "theatre",
            "Theatre list scheduling",
            "Theatre lists start late because kit and staff are confirmed by phone.",
            "Lists confirmed the day before, with kit and staff checked off.",
            "Beacon Workflow",
            "theatre coordinators",
            "theatre_start",
        ),
        UseCaseKind(
            "discharge",
            "Discharge planning workflow",
            "Discharges wait for pharmacy and transport until late afternoon.",
            "Discharge tasks started the day before, patients home before noon.",
            "Beacon Workflow, Beacon AI Assistant",
            "ward clerks",
            "discharge_noon",
        ),
        UseCaseKind(
            "incidents",
            "Clinical incident reporting",
            "Incident forms are on paper and reach the safety team weeks later.",
            "Incidents logged on the ward in minutes and reviewed within a week.",
            "Beacon Mobile, Beacon Reporting",
            "ward staff",
            "",
        ),
    ),
    goals=(
        GoalKind(
            "rota_time",
            _split("Cut nurse rota planning time|Give nurse managers back their rota hours"),
            ROI,
            "Nurse scheduling time",
            "hours/month",
            -1,
            (140, 260),
            (0.45, 0.65),
            0,
            "nurse managers spend their hours on the wards, not on rotas",
            hourly=True,
            relative=True,
        ),
        GoalKind(
            "agency",
            _split("Fill open shifts without agency staff|Reduce agency shifts at the {site}"),
            ROI,
            "Shifts filled by agency staff",
            "%",
            -1,
            (11, 19),
            (0.3, 0.5),
            1,
            "open shifts go to their own bank staff before an agency",
            relative=True,
        ),
        GoalKind(
            "no_shows",
            _split("Reduce outpatient no-shows|Fewer missed appointments at the {site}"),
            ROI,
            "Outpatient no-show rate",
            "%",
            -1,
            (8, 14),
            (0.25, 0.4),
            1,
            "fewer outpatient slots are lost to no-shows",
            relative=True,
        ),
        GoalKind(
            "bed_turnaround",
            _split("Speed up bed turnaround|Get beds ready sooner after discharge"),
            ROI,
            "Discharge to bed ready",
            "minutes",
            -1,
            (160, 290),
            (0.3, 0.5),
            0,
            "a cleaned bed is ready within two hours of a discharge",
            relative=True,
        ),
        GoalKind(
            "theatre_start",
            _split("Start theatre lists on time|On-time theatre starts at the {site}"),
            ROI,
            "Theatre sessions starting on time",
            "%",
            1,
            (52, 68),
            (84, 92),
            0,
            "theatre lists start on time",
        ),
        GoalKind(
            "discharge_noon",
            _split("Discharge more patients before noon|Earlier discharges from the {site}"),
            ROI,
            "Discharges before noon",
            "%",
            1,
            (14, 24),
            (35, 45),
            0,
            "patients go home before noon",
        ),
        GoalKind(
            "wards_live",
            _split("Roll rostering out to every ward|Bring the {site} onto the new rota"),
            EXPAND,
            "Wards live on rostering",
            "wards",
            1,
            (0, 0),
            (12, 34),
            0,
            "every ward plans its rota in one place",
        ),
        GoalKind(
            "managers_trained",
            _split("Train every nurse manager|Nurse managers trained before go-live"),
            ONBOARD,
            "Nurse managers trained",
            "people",
            1,
            (0, 0),
            (20, 60),
            0,
            "every nurse manager is confident with the new tools",
        ),
    ),
    incidents=(
        Incident(
            "Weekend rota export failed",
            "the weekend rota never reached the staffing office and nurse managers rebuilt it "
            "by phone",
            "a timeout in the payroll connector",
            "the connector now retries and tells the ward clerk if it still fails",
        ),
        Incident(
            "Bed board frozen during morning huddle",
            "the bed board stopped updating during the 8 o'clock huddle",
            "a blocked message queue after the hospital's network change",
            "the queue is monitored and the board shows when data is stale",
        ),
        Incident(
            "Reminder texts sent twice",
            "patients received the same reminder twice and some cancelled by mistake",
            "a retry that did not check what was already sent",
            "sending is now idempotent and was tested with the outpatient team",
        ),
        Incident(
            "Shift swap approvals stuck",
            "shift swaps waited for approval for two days",
            "approvers on leave with no delegate set",
            "delegation now falls back to the deputy manager automatically",
        ),
    ),
    risks=(
        (
            "Clinical safety sign-off for the discharge workflow delayed",
            RiskCategory.ORGANISATIONAL,
            "Pre-review the hazard log with the clinical safety officer before the board.",
        ),
        (
            "Electronic patient record upgrade freezes integrations",
            RiskCategory.TECHNICAL,
            "Agree a change window with the EPR team; test the feed in their staging system.",
        ),
        (
            "Staff-side concerns about rostering rules",
            RiskCategory.ADOPTION,
            "Invite staff representatives to the rules workshop; publish the rules.",
        ),
    ),
    opportunities=(
        ("Bed board for the {site}", UP, "Beacon Analytics"),
        ("Mobile shift swaps for bank staff", CROSS, "Beacon Mobile"),
        ("AI discharge summaries pilot", CROSS, "Beacon AI Assistant"),
        ("Rostering for community nursing teams", UP, "Beacon Workflow"),
    ),
    praise=_split(
        "Our {team} stopped phoning round for cover.|"
        "The bed board is the first screen the site team opens in the morning.|"
        "Rotas go out four weeks ahead now, and the nurses noticed.|"
        "{csm} on your team knows how a ward runs, which saves us a lot of explaining.|"
        "We fill most open shifts from our own bank staff now.|"
        "The {site} went live without a single paper rota."
    ),
    friction=_split(
        "Setting up rota rules for each ward took longer than we planned.|"
        "The mobile app is slow on the hospital wifi.|"
        "Reports still need an analyst to build them.|"
        "The integration with our patient record system keeps needing attention.|"
        "Night staff were trained last and it shows."
    ),
    competitors=_split("RotaWise|CareGrid|MedShift Pro"),
)

LOGISTICS = Industry(
    name="Logistics",
    teams=_split("dispatchers|transport planners|warehouse leads|drivers|customer service agents"),
    sites=_split(
        "main hub|north depot|cross-dock|central warehouse|cold-chain depot|airport hub|"
        "regional depot|returns centre"
    ),
    footprint=(("depot", "depots", 400), ("vehicle", "vehicles", 8)),
    use_cases=(
        UseCaseKind(
            "dispatch",
            "Live dispatch board",
            "Dispatchers track trucks on whiteboards and by phone.",
            "Every truck and stop on one board, updated from the drivers' phones.",
            "Beacon Analytics, Beacon Mobile",
            "dispatchers",
            "on_time",
        ),
        UseCaseKind(
            "pod",
            "Electronic proof of delivery",
            "Paper delivery notes come back days later and invoices wait for them.",
            "Signed proof of delivery in the system the minute the driver leaves.",
            "Beacon Mobile, Beacon Connectors",
            "drivers",
            "pod_days",
        ),
        UseCaseKind(
            "routes",
            "Route planning",
            "Planners build next-day routes by hand until late evening.",
            "Routes proposed by the system and adjusted by the planner in an hour.",
            "Beacon Workflow, Beacon AI Assistant",
            "transport planners",
            "planning_hours",
        ),
        UseCaseKind(
            "dock",
            "Dock slot booking",
            "Carriers turn up unannounced and queue at the gate.",
            "Carriers book dock slots online; the yard knows who is coming.",
            "Beacon Workflow",
            "warehouse leads",
            "dock_wait",
        ),
        UseCaseKind(
            "exceptions",
            "Delivery exception handling",
            "Failed deliveries are found when the customer calls to complain.",
            "Exceptions flagged in real time and customers told before they call.",
            "Beacon Workflow, Beacon Connectors",
            "customer service agents",
            "where_calls",
        ),
        UseCaseKind(
            "tms_sync",
            "TMS and ERP order sync",
            "Orders are re-keyed from the ERP into the transport system.",
            "Orders flow from the ERP to the transport system with no re-keying.",
            "Beacon Connectors",
            "customer service agents",
            "",
        ),
    ),
    goals=(
        GoalKind(
            "on_time",
            _split("Raise the on-time dispatch rate|On-time dispatch from the {site}"),
            ROI,
            "On-time dispatch rate",
            "%",
            1,
            (78, 87),
            (94, 97),
            1,
            "trucks leave on time and customers can trust the slot",
        ),
        GoalKind(
            "pod_days",
            _split("Invoice on proof of delivery the same day|Shorten proof-of-delivery lag"),
            ROI,
            "Days from delivery to invoice",
            "days",
            -1,
            (4, 9),
            (0.6, 0.8),
            1,
            "deliveries are invoiced the day they happen",
            relative=True,
        ),
        GoalKind(
            "planning_hours",
            _split("Cut evening route planning hours|Free transport planners from manual routing"),
            ROI,
            "Route planning effort",
            "hours/week",
            -1,
            (35, 70),
            (0.4, 0.6),
            0,
            "planners finish next-day routes before 6 pm",
            hourly=True,
            relative=True,
        ),
        GoalKind(
            "dock_wait",
            _split("Shorter truck waits at the dock|Cut gate-to-dock time at the {site}"),
            ROI,
            "Average wait at the dock",
            "minutes",
            -1,
            (45, 95),
            (0.35, 0.55),
            0,
            "carriers are unloaded within half an hour of arriving",
            relative=True,
        ),
        GoalKind(
            "where_calls",
            _split("Fewer 'where is my order' calls|Tell customers about delays before they call"),
            ROI,
            "Where-is-my-order calls",
            "calls/week",
            -1,
            (300, 900),
            (0.3, 0.5),
            0,
            "customers hear about a delay from them, not the other way round",
            per_unit=350,
            relative=True,
        ),
        GoalKind(
            "depots_live",
            _split("Roll the dispatch board out to all depots|Bring the {site} onto the board"),
            EXPAND,
            "Depots live on the dispatch board",
            "depots",
            1,
            (0, 0),
            (6, 24),
            0,
            "every depot dispatches from one board",
        ),
        GoalKind(
            "drivers_app",
            _split("Every driver on the mobile app|Drivers using proof of delivery daily"),
            ADOPT,
            "Drivers active on the app each week",
            "%",
            1,
            (10, 30),
            (85, 95),
            0,
            "no delivery goes unrecorded",
        ),
    ),
    incidents=(
        Incident(
            "Dispatch board froze during the morning wave",
            "the dispatch board stopped updating at 6 am and dispatchers went back to phones",
            "a database lock during a report refresh",
            "the refresh runs on a replica now, away from the live board",
        ),
        Incident(
            "Proof-of-delivery photos missing",
            "signed delivery photos did not upload from the vans for a day",
            "an app update that lost its storage permission on some phones",
            "the app asks again for the permission and queues photos until it has it",
        ),
        Incident(
            "Route plans lost overnight stops",
            "next-day routes came out without the overnight stops and trucks left short",
            "a time-zone error in the route import",
            "times are stored in UTC and the import was re-run for the week",
        ),
        Incident(
            "Carrier booking portal down",
            "carriers could not book dock slots for half a day and queued at the gate",
            "an expired certificate on the booking portal",
            "certificates renew automatically and alert us a month ahead",
        ),
    ),
    risks=(
        (
            "Peak season freezes all change at the depots",
            RiskCategory.ORGANISATIONAL,
            "Finish the rollout before October; agree a change freeze calendar.",
        ),
        (
            "Drivers' phones are old and drop the app",
            RiskCategory.TECHNICAL,
            "Share the supported-device list; propose a phone refresh to operations.",
        ),
        (
            "Subcontracted carriers will not use the app",
            RiskCategory.ADOPTION,
            "Offer carriers a light web form; make it part of the carrier contract.",
        ),
    ),
    opportunities=(
        ("Dock slot booking for the {site}", CROSS, "Beacon Workflow"),
        ("Route planning with AI suggestions", CROSS, "Beacon AI Assistant"),
        ("Proof of delivery for subcontracted carriers", UP, "Beacon Mobile"),
        ("Customer delivery tracking portal", CROSS, "Beacon Connectors"),
    ),
    praise=_split(
        "Our {team} see every truck without picking up the phone.|"
        "We invoice the same day now; finance noticed before we told them.|"
        "The {site} runs its morning wave from the board.|"
        "Drivers picked up the app in a day.|"
        "{csm} came to the depot at 5 am to see the morning wave, which we appreciated.|"
        "Customers call us less because they get the delay message first."
    ),
    friction=_split(
        "The app drains the drivers' batteries by the end of a long shift.|"
        "Route suggestions ignore some of our delivery windows.|"
        "Getting a report out for the weekly ops meeting is still fiddly.|"
        "Subcontractors keep asking for paper notes.|"
        "Changes to the board layout need your support team every time."
    ),
    competitors=_split("FleetPilot|Routeline|DispatchIQ"),
)

MANUFACTURING = Industry(
    name="Manufacturing",
    teams=_split("shift supervisors|maintenance planners|quality engineers|line leads|buyers"),
    sites=_split(
        "press shop|assembly line 2|paint shop|machining hall|Plant 3|tool room|packing line|"
        "foundry"
    ),
    footprint=(("plant", "plants", 1500), ("production line", "production lines", 250)),
    use_cases=(
        UseCaseKind(
            "maintenance",
            "Preventive maintenance scheduling",
            "Maintenance happens when a machine breaks, not before.",
            "Maintenance planned from machine hours, parts ready before the job.",
            "Beacon Workflow, Beacon Connectors",
            "maintenance planners",
            "downtime",
        ),
        UseCaseKind(
            "shift_handover",
            "Digital shift handover",
            "Shift handovers are verbal and problems get lost between shifts.",
            "Each shift hands over on a tablet with open issues and photos.",
            "Beacon Mobile",
            "shift supervisors",
            "handover",
        ),
        UseCaseKind(
            "quality",
            "Quality non-conformance tracking",
            "Non-conformances are logged in spreadsheets and closed late.",
            "Every non-conformance tracked to root cause with an owner and a date.",
            "Beacon Workflow, Beacon Reporting",
            "quality engineers",
            "scrap",
        ),
        UseCaseKind(
            "oee",
            "OEE dashboard for the shop floor",
            "Line performance is known a week later from a spreadsheet.",
            "Availability, performance and quality per line, live on the floor.",
            "Beacon Analytics, Beacon Connectors",
            "line leads",
            "oee",
        ),
        UseCaseKind(
            "supplier",
            "Supplier onboarding workflow",
            "New suppliers take six weeks of email and paper to set up.",
            "Suppliers onboarded through one workflow in under two weeks.",
            "Beacon Workflow",
            "buyers",
            "supplier_days",
        ),
    ),
    goals=(
        GoalKind(
            "downtime",
            _split("Cut unplanned downtime|Less unplanned downtime in the {site}"),
            ROI,
            "Unplanned downtime",
            "hours/month",
            -1,
            (40, 120),
            (0.3, 0.5),
            0,
            "machines are maintained before they fail",
            per_unit=180_000,
            relative=True,
        ),
        GoalKind(
            "handover",
            _split("Every shift handed over digitally|Digital handovers in the {site}"),
            ADOPT,
            "Shifts with a digital handover",
            "%",
            1,
            (0, 15),
            (90, 98),
            0,
            "no problem is lost between shifts",
        ),
        GoalKind(
            "scrap",
            _split("Reduce scrap rate|Lower scrap in the {site}"),
            ROI,
            "Scrap rate",
            "%",
            -1,
            (3.5, 7.5),
            (0.25, 0.4),
            1,
            "less material ends up in the scrap bin",
            relative=True,
        ),
        GoalKind(
            "oee",
            _split("Raise OEE on the bottleneck line|Improve OEE in the {site}"),
            ROI,
            "Overall equipment effectiveness",
            "%",
            1,
            (55, 66),
            (72, 80),
            1,
            "the bottleneck line runs at world-class OEE",
        ),
        GoalKind(
            "supplier_days",
            _split("Onboard new suppliers faster|Shorten supplier set-up time"),
            ROI,
            "Days to onboard a supplier",
            "days",
            -1,
            (30, 48),
            (0.55, 0.7),
            0,
            "a new supplier can ship within two weeks of the decision",
            relative=True,
        ),
        GoalKind(
            "report_hours",
            _split("Stop building the weekly ops pack by hand|Automate the plant KPI pack"),
            ROI,
            "Time spent on the weekly KPI pack",
            "hours/week",
            -1,
            (12, 30),
            (0.6, 0.8),
            0,
            "the weekly KPI pack builds itself",
            hourly=True,
            relative=True,
        ),
        GoalKind(
            "supervisors_trained",
            _split("Train all shift supervisors|Supervisors trained on the tablet handover"),
            ONBOARD,
            "Shift supervisors trained",
            "people",
            1,
            (0, 0),
            (15, 45),
            0,
            "every supervisor runs the handover without help",
        ),
    ),
    incidents=(
        Incident(
            "Machine data feed dropped on night shift",
            "the OEE board showed zero output for the whole night shift",
            "the plant's OPC gateway restarted and did not reconnect",
            "the connector reconnects on its own and raises an alert after five minutes",
        ),
        Incident(
            "Work orders duplicated in the ERP",
            "maintenance work orders appeared twice in the ERP and parts were ordered twice",
            "a retry in the ERP connector without a duplicate check",
            "work orders carry a unique key and the duplicates were cancelled",
        ),
        Incident(
            "Handover tablets logged out every hour",
            "supervisors were logged out mid-handover and lost their notes",
            "a session policy meant for office laptops",
            "shared-device mode keeps the session for the whole shift",
        ),
        Incident(
            "Quality report totals wrong",
            "the monthly quality report counted reworked parts as scrap",
            "a filter change in the report template",
            "the template was fixed and last month's report re-issued",
        ),
    ),
    risks=(
        (
            "Works council has not approved the tablet rollout",
            RiskCategory.ORGANISATIONAL,
            "Present the data-protection summary to the works council with the plant HR lead.",
        ),
        (
            "Plant network segregation blocks the machine data feed",
            RiskCategory.TECHNICAL,
            "Agree the firewall rules with OT security; use the on-site connector.",
        ),
        (
            "Plant manager prefers the old MES screens",
            RiskCategory.ADOPTION,
            "Show the OEE results from assembly at the plant managers' meeting.",
        ),
    ),
    opportunities=(
        ("OEE dashboards for the {site}", UP, "Beacon Analytics"),
        ("Supplier portal for purchasing", CROSS, "Beacon Workflow"),
        ("AI assistant for maintenance technicians", CROSS, "Beacon AI Assistant"),
        ("Roll handover out to the second plant", UP, "Beacon Mobile"),
    ),
    praise=_split(
        "Night shift problems no longer get lost by the morning.|"
        "The OEE board settled arguments we had for years.|"
        "Our {team} plan maintenance before the line stops now.|"
        "{csm} understood our plant within one visit.|"
        "We onboarded a new supplier in nine days last month.|"
        "The {site} went from paper to tablets without a lost shift."
    ),
    friction=_split(
        "The tablets are hard to use with gloves on.|"
        "We still export to Excel for the monthly review.|"
        "The ERP connector needs babysitting after every upgrade.|"
        "Training for the night shift came late.|"
        "Some screens are in English only, which our line staff struggle with."
    ),
    competitors=_split("ShopFloor One|MachineMind|PlantLoop"),
)

RETAIL = Industry(
    name="Retail",
    teams=_split("store managers|replenishment planners|area managers|visual merchandisers|buyers"),
    sites=_split(
        "flagship store|northern region|outlet stores|distribution centre|city-centre stores|"
        "online fulfilment centre|garden centres"
    ),
    footprint=(("store", "stores", 60), ("distribution centre", "distribution centres", 3000)),
    use_cases=(
        UseCaseKind(
            "replenishment",
            "Store replenishment alerts",
            "Shelves run empty because orders are placed from weekly counts.",
            "Low-stock alerts from sales data and same-day reorders.",
            "Beacon Analytics, Beacon Connectors",
            "replenishment planners",
            "stockouts",
        ),
        UseCaseKind(
            "tasks",
            "Store task management",
            "Head office sends tasks by email and nobody knows what got done.",
            "Every store task has an owner, a deadline and a photo when done.",
            "Beacon Workflow, Beacon Mobile",
            "store managers",
            "task_completion",
        ),
        UseCaseKind(
            "audits",
            "Store audit checklists",
            "Area managers audit stores on paper and file reports a week later.",
            "Audits on a phone, scored on the spot, actions sent to the store.",
            "Beacon Mobile, Beacon Reporting",
            "area managers",
            "audit_hours",
        ),
        UseCaseKind(
            "click_collect",
            "Click-and-collect workflow",
            "Online orders for collection wait in the back room and customers wait too.",
            "Orders picked, staged and the customer told the minute they are ready.",
            "Beacon Workflow, Beacon Connectors",
            "store staff",
            "collect_time",
        ),
        UseCaseKind(
            "rota_retail",
            "Store staff scheduling",
            "Store rotas are built in spreadsheets that ignore footfall.",
            "Rotas built from footfall forecasts and published two weeks ahead.",
            "Beacon Workflow, Beacon AI Assistant",
            "store managers",
            "rota_hours_retail",
        ),
    ),
    goals=(
        GoalKind(
            "stockouts",
            _split("Fewer empty shelves|Cut stock-outs in the {site}"),
            ROI,
            "Stock-outs on top sellers",
            "per store/week",
            -1,
            (9, 22),
            (0.35, 0.55),
            0,
            "top sellers are on the shelf when customers look for them",
            per_unit=18_000,
            relative=True,
        ),
        GoalKind(
            "task_completion",
            _split("Stores complete head-office tasks on time|On-time task completion"),
            ADOPT,
            "Store tasks done by the deadline",
            "%",
            1,
            (45, 62),
            (88, 95),
            0,
            "head office knows what got done in every store",
        ),
        GoalKind(
            "audit_hours",
            _split("Halve the time spent on store audits|Faster store audits in the {site}"),
            ROI,
            "Area manager time on audits",
            "hours/month",
            -1,
            (60, 140),
            (0.45, 0.6),
            0,
            "area managers spend their time coaching stores, not filling forms",
            hourly=True,
            relative=True,
        ),
        GoalKind(
            "collect_time",
            _split("Get click-and-collect orders ready sooner|Faster collection at the {site}"),
            ROI,
            "Order ready for collection",
            "hours",
            -1,
            (5, 11),
            (0.5, 0.7),
            1,
            "online orders are ready to collect within two hours",
            relative=True,
        ),
        GoalKind(
            "rota_hours_retail",
            _split("Cut time spent building store rotas|Footfall-based rotas in every store"),
            ROI,
            "Rota building time",
            "hours/week",
            -1,
            (40, 110),
            (0.4, 0.6),
            0,
            "store managers build the rota in minutes",
            hourly=True,
            relative=True,
        ),
        GoalKind(
            "stores_live",
            _split("Roll out to every store|Bring the {site} onto Beacon"),
            EXPAND,
            "Stores live",
            "stores",
            1,
            (0, 0),
            (25, 140),
            0,
            "every store runs on the same tools",
        ),
    ),
    incidents=(
        Incident(
            "Low-stock alerts stopped on Black Friday",
            "stores got no low-stock alerts for most of Black Friday",
            "the point-of-sale feed was throttled under peak load",
            "the feed scales with the load and peak days are load-tested in October",
        ),
        Incident(
            "Store tasks sent to closed stores",
            "tasks went to stores closed for refit and showed as overdue",
            "store status not synced from the estate system",
            "store status now comes from the estate system every night",
        ),
        Incident(
            "Collection texts with wrong store address",
            "customers were sent to the wrong store to collect their orders",
            "an address template that ignored store moves",
            "addresses come from the store master data, with a check before sending",
        ),
    ),
    risks=(
        (
            "Trading peak freezes store changes from November",
            RiskCategory.ORGANISATIONAL,
            "Finish the store rollout by mid-October; keep a light-touch plan for peak.",
        ),
        (
            "Store managers see task lists as head-office control",
            RiskCategory.ADOPTION,
            "Let area managers co-design the task templates; show time saved per store.",
        ),
        (
            "Point-of-sale replacement project",
            RiskCategory.TECHNICAL,
            "Get on the POS project's integration list early.",
        ),
    ),
    opportunities=(
        ("Store audits for the {site}", UP, "Beacon Mobile"),
        ("Footfall-based scheduling", CROSS, "Beacon AI Assistant"),
        ("Supplier replenishment portal", CROSS, "Beacon Connectors"),
        ("Store tasks for the franchise stores", UP, "Beacon Workflow"),
    ),
    praise=_split(
        "Empty shelves on our top lines are rare now.|"
        "Our {team} finally know which store did what.|"
        "Audits take half the time and stores get the actions the same day.|"
        "{csm} helped us through peak without a single drama.|"
        "Click-and-collect orders are ready before the customer arrives.|"
        "The {site} took to it faster than any system before."
    ),
    friction=_split(
        "Too many notifications for busy store managers.|"
        "The app needs a better offline mode for stores with poor signal.|"
        "Reports for the trading meeting still take manual work.|"
        "Changes to task templates go through your support team.|"
        "Franchise stores found the training too long."
    ),
    competitors=_split("StoreForce|ShelfSense|TaskTill"),
)

FINANCE = Industry(
    name="Financial services",
    teams=_split(
        "claims handlers|underwriters|operations analysts|branch managers|compliance officers"
    ),
    sites=_split(
        "claims centre|mortgage operations|branch network|contact centre|commercial lending centre|"
        "back office"
    ),
    footprint=(("branch", "branches", 150), ("operations centre", "operations centres", 3000)),
    use_cases=(
        UseCaseKind(
            "claims",
            "Claims intake workflow",
            "Claims arrive by email and post and are re-keyed into the core system.",
            "Claims captured once, routed by type, and tracked to settlement.",
            "Beacon Workflow, Beacon Connectors",
            "claims handlers",
            "claim_days",
        ),
        UseCaseKind(
            "kyc",
            "Customer onboarding checks",
            "Know-your-customer checks bounce between teams by email.",
            "One onboarding file per customer with every check and its evidence.",
            "Beacon Workflow",
            "operations analysts",
            "kyc_days",
        ),
        UseCaseKind(
            "complaints",
            "Complaints handling",
            "Complaints are tracked in spreadsheets and some miss the regulator's deadline.",
            "Every complaint tracked against its deadline with a clear owner.",
            "Beacon Workflow, Beacon Reporting",
            "compliance officers",
            "complaints_late",
        ),
        UseCaseKind(
            "mi",
            "Management information dashboards",
            "The monthly board pack takes analysts a week to assemble.",
            "Board and team dashboards refreshed daily from the source systems.",
            "Beacon Analytics",
            "operations analysts",
            "mi_hours",
        ),
        UseCaseKind(
            "rework",
            "First-time-right checks on applications",
            "Applications come back for missing documents several times.",
            "Applications checked for completeness before they reach underwriting.",
            "Beacon AI Assistant, Beacon Workflow",
            "underwriters",
            "rework",
        ),
    ),
    goals=(
        GoalKind(
            "claim_days",
            _split("Settle simple claims faster|Shorten claim cycle time in the {site}"),
            ROI,
            "Claim cycle time",
            "days",
            -1,
            (12, 24),
            (0.35, 0.55),
            1,
            "simple claims are settled within a week",
            relative=True,
        ),
        GoalKind(
            "kyc_days",
            _split("Open new accounts faster|Cut onboarding time for business customers"),
            ROI,
            "Time to open an account",
            "days",
            -1,
            (8, 18),
            (0.4, 0.6),
            1,
            "a business customer can use their account within days",
            relative=True,
        ),
        GoalKind(
            "complaints_late",
            _split("No complaint misses its deadline|Answer complaints within the deadline"),
            RISK,
            "Complaints answered late",
            "%",
            -1,
            (6, 14),
            (0.75, 0.9),
            1,
            "every complaint is answered within the regulator's deadline",
            relative=True,
        ),
        GoalKind(
            "mi_hours",
            _split("Stop assembling the board pack by hand|Automate monthly management reporting"),
            ROI,
            "Analyst time on the board pack",
            "hours/month",
            -1,
            (50, 120),
            (0.6, 0.8),
            0,
            "analysts analyse instead of assembling reports",
            hourly=True,
            relative=True,
        ),
        GoalKind(
            "rework",
            _split("Fewer applications sent back for documents|First-time-right applications"),
            ROI,
            "Applications needing rework",
            "per month",
            -1,
            (250, 700),
            (0.35, 0.55),
            0,
            "applications arrive complete the first time",
            per_unit=4_500,
            relative=True,
        ),
        GoalKind(
            "teams_live",
            _split("Bring every operations team onto the workflow|Roll out to the {site}"),
            EXPAND,
            "Teams live on the workflow",
            "teams",
            1,
            (0, 0),
            (6, 18),
            0,
            "every operations team works the same way",
        ),
    ),
    incidents=(
        Incident(
            "Claims stuck in the routing queue",
            "new claims sat unassigned for a day and the backlog doubled",
            "a routing rule that matched no team after a reorganisation",
            "unmatched claims now go to a supervisor queue and raise an alert",
        ),
        Incident(
            "Audit trail export incomplete",
            "the audit export for the regulator was missing two weeks of changes",
            "an export limit nobody knew about",
            "the export pages through everything and was re-run for the review",
        ),
        Incident(
            "Single sign-on failing after the security update",
            "nobody in the contact centre could log in for two hours",
            "a changed signing certificate on the customer's identity provider",
            "we now watch both certificates during rotations",
        ),
    ),
    risks=(
        (
            "Information security review of the cloud hosting",
            RiskCategory.COMMERCIAL,
            "Send the security pack and SOC 2 report early; offer a call with our CISO.",
        ),
        (
            "Core banking migration takes every IT resource next year",
            RiskCategory.TECHNICAL,
            "Finish the integration work before the migration freeze.",
        ),
        (
            "Regulator review may change the complaints process",
            RiskCategory.ORGANISATIONAL,
            "Keep the workflow configurable; review it with compliance after the visit.",
        ),
    ),
    opportunities=(
        ("Complaints workflow for the {site}", UP, "Beacon Workflow"),
        ("AI document checks for underwriting", CROSS, "Beacon AI Assistant"),
        ("Board reporting dashboards", CROSS, "Beacon Analytics"),
        ("Onboarding workflow for business banking", UP, "Beacon Workflow"),
    ),
    praise=_split(
        "The audit trail got us through the regulator's review without a scramble.|"
        "Our {team} see their whole queue in one place.|"
        "The board pack builds itself now.|"
        "{csm} understands what compliance needs, which is rare.|"
        "Simple claims settle in days, and customers notice.|"
        "Applications come in complete far more often."
    ),
    friction=_split(
        "Security reviews for every change slow us down.|"
        "The reports need an analyst to set up.|"
        "The link to our core system is still overnight, not live.|"
        "Branch staff find the screens crowded.|"
        "We needed more help with the routing rules than we expected."
    ),
    competitors=_split("LedgerFlow|ClaimStack|Compliancy"),
)

SOFTWARE = Industry(
    name="Software",
    teams=_split("support engineers|customer success managers|product managers|SREs|sales ops"),
    sites=_split(
        "EMEA support hub|platform group|enterprise support desk|onboarding hub|APAC support desk"
    ),
    footprint=(("office", "offices", 400), ("engineer", "engineers", 2.5)),
    use_cases=(
        UseCaseKind(
            "triage",
            "Support ticket triage",
            "Tickets are sorted by hand and urgent ones wait in the queue.",
            "Tickets classified and routed on arrival; urgent ones paged at once.",
            "Beacon AI Assistant, Beacon Workflow",
            "support engineers",
            "first_response",
        ),
        UseCaseKind(
            "incident",
            "Incident communication workflow",
            "Customers learn about incidents from social media before the status page.",
            "Status updates drafted and sent within minutes of an incident.",
            "Beacon Workflow, Beacon Connectors",
            "SREs",
            "incident_update",
        ),
        UseCaseKind(
            "renewals",
            "Renewal pipeline dashboard",
            "Renewal risk is found a month before the renewal date.",
            "Every renewal in the next two quarters with health and owner on one page.",
            "Beacon Analytics",
            "customer success managers",
            "renewal_visibility",
        ),
        UseCaseKind(
            "release",
            "Release approval workflow",
            "Release approvals happen in chat and nobody can find them later.",
            "Each release approved in one place with its checklist and sign-off.",
            "Beacon Workflow",
            "product managers",
            "release_hours",
        ),
    ),
    goals=(
        GoalKind(
            "first_response",
            _split("Answer tickets faster|Cut first response time for the {site}"),
            ROI,
            "Median first response time",
            "hours",
            -1,
            (6, 18),
            (0.55, 0.75),
            1,
            "customers hear back within the hour",
            relative=True,
        ),
        GoalKind(
            "incident_update",
            _split("Tell customers about incidents sooner|Faster first status update"),
            RISK,
            "Time to first status update",
            "minutes",
            -1,
            (35, 80),
            (0.6, 0.8),
            0,
            "customers hear about an incident from them first",
            relative=True,
        ),
        GoalKind(
            "renewal_visibility",
            _split("See renewal risk a quarter ahead|Every renewal reviewed 90 days out"),
            RISK,
            "Renewals reviewed 90 days ahead",
            "%",
            1,
            (20, 45),
            (85, 95),
            0,
            "no renewal is a surprise",
        ),
        GoalKind(
            "release_hours",
            _split("Cut release admin time|Stop chasing release approvals in chat"),
            ROI,
            "Time spent on release approvals",
            "hours/month",
            -1,
            (30, 70),
            (0.5, 0.7),
            0,
            "releases are approved without meetings",
            hourly=True,
            relative=True,
        ),
        GoalKind(
            "deflection",
            _split("Deflect simple tickets to self-service|More answers without a ticket"),
            ROI,
            "Tickets deflected by suggested answers",
            "%",
            1,
            (3, 9),
            (18, 30),
            0,
            "simple questions are answered without a ticket",
        ),
        GoalKind(
            "seats_active",
            _split("Get every support engineer working in Beacon|Roll out to the {site}"),
            ADOPT,
            "Active seats",
            "%",
            1,
            (20, 40),
            (85, 95),
            0,
            "the whole support organisation works in one tool",
        ),
    ),
    incidents=(
        Incident(
            "Ticket routing sent P1s to the wrong queue",
            "two P1 tickets sat in the billing queue for three hours",
            "a new product tag that the routing model had never seen",
            "unknown tags fall back to the general queue and a human reviews them",
        ),
        Incident(
            "Status page updates delayed",
            "status updates went out forty minutes late during their outage",
            "our webhook delivery was backed up",
            "webhooks for status updates go through a priority lane now",
        ),
        Incident(
            "API rate limits hit during their launch",
            "their integration was throttled on launch day",
            "a rate limit sized for their old traffic",
            "limits were raised and they get a warning at 80 %",
        ),
    ),
    risks=(
        (
            "Their own product team wants to build this in-house",
            RiskCategory.COMPETITION,
            "Show total cost of ownership; offer the API for what they want to build.",
        ),
        (
            "Rapid headcount growth outpaces enablement",
            RiskCategory.ADOPTION,
            "Add Beacon to their new-hire onboarding; record short training videos.",
        ),
        (
            "Layoffs announced in their go-to-market teams",
            RiskCategory.COMMERCIAL,
            "Right-size seats proactively before procurement asks.",
        ),
    ),
    opportunities=(
        ("AI triage for the {site}", CROSS, "Beacon AI Assistant"),
        ("Renewal dashboards for the CS team", CROSS, "Beacon Analytics"),
        ("Seats for the new APAC support hub", UP, "Beacon Workflow"),
        ("Premium support and SSO package", UP, "Beacon Admin & SSO"),
    ),
    praise=_split(
        "The API is well documented and our engineers like it.|"
        "Urgent tickets reach the right engineer in minutes.|"
        "Our {team} stopped doing triage by hand.|"
        "{csm} speaks our language and gets straight to the point.|"
        "Renewals stopped surprising us.|"
        "Setup took a week, not a quarter."
    ),
    friction=_split(
        "Rate limits surprised us during a launch.|"
        "We want more control over the routing rules ourselves.|"
        "The changelog does not say enough about breaking changes.|"
        "Dashboards are slow with a year of data.|"
        "SSO group mapping is clumsy."
    ),
    competitors=_split("Deskwise|TriageAI|OpsBoard"),
)

EDUCATION = Industry(
    name="Education",
    teams=_split(
        "admissions officers|timetablers|student services staff|faculty administrators|"
        "IT service desk"
    ),
    sites=_split(
        "business school|admissions office|engineering faculty|student services centre|city campus|"
        "medical school"
    ),
    footprint=(("campus", "campuses", 3000), ("academic department", "academic departments", 300)),
    use_cases=(
        UseCaseKind(
            "admissions",
            "Admissions application workflow",
            "Applications are tracked in spreadsheets and offers go out late.",
            "Every application tracked from submission to offer with one status.",
            "Beacon Workflow, Beacon Connectors",
            "admissions officers",
            "offer_days",
        ),
        UseCaseKind(
            "enquiries",
            "Student enquiry desk",
            "Students email five different offices and wait days for answers.",
            "One enquiry desk with answers suggested and routed to the right office.",
            "Beacon AI Assistant, Beacon Workflow",
            "student services staff",
            "enquiry_time",
        ),
        UseCaseKind(
            "timetable",
            "Room and timetable changes",
            "Timetable changes are emailed and rooms are double-booked.",
            "Room changes requested, approved and published in one place.",
            "Beacon Workflow",
            "timetablers",
            "clashes",
        ),
        UseCaseKind(
            "retention",
            "Student engagement early warning",
            "Struggling students are noticed after they fail or leave.",
            "Tutors alerted when attendance and submissions drop.",
            "Beacon Analytics, Beacon Connectors",
            "personal tutors",
            "retention",
        ),
    ),
    goals=(
        GoalKind(
            "offer_days",
            _split("Make offers faster|Shorten time to offer in the {site}"),
            ROI,
            "Days from application to offer",
            "days",
            -1,
            (21, 42),
            (0.4, 0.6),
            0,
            "applicants get a decision before a competitor makes them an offer",
            relative=True,
        ),
        GoalKind(
            "enquiry_time",
            _split("Answer student enquiries within a day|Faster answers from student services"),
            ROI,
            "Median enquiry response time",
            "hours",
            -1,
            (40, 96),
            (0.6, 0.8),
            0,
            "students get an answer within a working day",
            relative=True,
        ),
        GoalKind(
            "clashes",
            _split("Fewer room clashes|End double-booked rooms at the {site}"),
            RISK,
            "Room clashes per term",
            "clashes",
            -1,
            (60, 180),
            (0.6, 0.8),
            0,
            "no lecture starts with two classes at the door",
            relative=True,
        ),
        GoalKind(
            "retention",
            _split("Keep more first-year students|Raise first-year continuation"),
            ROI,
            "First-year continuation rate",
            "%",
            1,
            (84, 89),
            (91, 94),
            1,
            "fewer first-year students drop out",
        ),
        GoalKind(
            "admin_hours",
            _split("Cut admin time for admissions staff|Give admissions officers time back"),
            ROI,
            "Manual admissions admin",
            "hours/month",
            -1,
            (80, 200),
            (0.4, 0.6),
            0,
            "admissions staff talk to applicants instead of chasing documents",
            hourly=True,
            relative=True,
        ),
        GoalKind(
            "faculties_live",
            _split("Bring every faculty onto the enquiry desk|Roll out to the {site}"),
            EXPAND,
            "Faculties live",
            "faculties",
            1,
            (0, 0),
            (4, 12),
            0,
            "every faculty answers students the same way",
        ),
    ),
    incidents=(
        Incident(
            "Offer letters sent with the wrong course",
            "forty applicants received offers naming the wrong course",
            "a mail-merge field mapped to the previous intake",
            "letters are checked against the course list before sending",
        ),
        Incident(
            "Enquiry desk down on results day",
            "students could not reach the enquiry desk on results day",
            "a traffic spike ten times the normal peak",
            "results day is load-tested each summer and capacity reserved",
        ),
        Incident(
            "Timetable feed missing rooms",
            "a third of rooms disappeared from the timetable for a week",
            "a change in the estates system's export",
            "the feed validates the room count and alerts on a drop",
        ),
    ),
    risks=(
        (
            "Funding cut for the next academic year",
            RiskCategory.COMMERCIAL,
            "Prepare the savings case with the finance director before budget setting.",
        ),
        (
            "Academic staff resist another system",
            RiskCategory.ADOPTION,
            "Keep tutors' steps to two clicks; demo at the faculty board.",
        ),
        (
            "Student record system replacement planned",
            RiskCategory.TECHNICAL,
            "Join the replacement project's integration workstream early.",
        ),
    ),
    opportunities=(
        ("Enquiry desk for the {site}", UP, "Beacon Workflow"),
        ("Early-warning analytics for tutors", CROSS, "Beacon Analytics"),
        ("AI answers for the enquiry desk", CROSS, "Beacon AI Assistant"),
        ("Admissions workflow for postgraduate programmes", UP, "Beacon Workflow"),
    ),
    praise=_split(
        "Students get answers the same day now.|"
        "Our {team} finally work from one list.|"
        "Offers go out in half the time they used to.|"
        "{csm} knows the academic calendar better than some of our staff.|"
        "Tutors spot struggling students weeks earlier.|"
        "The {site} dropped its shared inbox in a month."
    ),
    friction=_split(
        "Results day showed the limits of the current setup.|"
        "Academic staff find the notifications noisy.|"
        "The student record integration breaks at every term start.|"
        "Reports for the senate need a lot of manual work.|"
        "Training had to be repeated for new intake staff."
    ),
    competitors=_split("CampusDesk|EduFlow|StudentHub"),
)

ENERGY = Industry(
    name="Energy",
    teams=_split("field crews|control room operators|asset managers|work planners|HSE advisers"),
    sites=_split(
        "northern network|wind farm control centre|substation depot|metering depot|"
        "water treatment works|solar portfolio"
    ),
    footprint=(
        ("operating site", "operating sites", 500),
        ("field engineer", "field engineers", 5),
    ),
    use_cases=(
        UseCaseKind(
            "work_orders",
            "Field work orders on mobile",
            "Crews get paper job packs and call the office for changes.",
            "Jobs, permits and photos on the crew's tablet, synced at the end of the job.",
            "Beacon Mobile, Beacon Workflow",
            "field crews",
            "jobs_per_day",
        ),
        UseCaseKind(
            "permits",
            "Permit-to-work workflow",
            "Permits are signed on paper and checked after the job.",
            "Permits issued, checked and closed digitally before work starts.",
            "Beacon Workflow",
            "work planners",
            "permit_time",
        ),
        UseCaseKind(
            "outages",
            "Outage customer updates",
            "Customers call the contact centre to ask when power is back.",
            "Customers get restoration times by text from the control room.",
            "Beacon Connectors, Beacon Workflow",
            "control room operators",
            "outage_calls",
        ),
        UseCaseKind(
            "assets",
            "Asset inspection analytics",
            "Inspection results sit in spreadsheets per region.",
            "Asset condition from every inspection on one map.",
            "Beacon Analytics",
            "asset managers",
            "inspections",
        ),
        UseCaseKind(
            "safety",
            "Near-miss reporting",
            "Near misses go unreported because the form is long.",
            "A near miss reported from the phone in under a minute.",
            "Beacon Mobile, Beacon Reporting",
            "field crews",
            "near_miss",
        ),
    ),
    goals=(
        GoalKind(
            "jobs_per_day",
            _split("More jobs per crew per day|Raise field productivity in the {site}"),
            ROI,
            "Jobs completed per crew per day",
            "jobs",
            1,
            (3.2, 4.4),
            (0.15, 0.3),
            1,
            "crews spend their day on jobs, not on travel and phone calls",
            relative=True,
        ),
        GoalKind(
            "permit_time",
            _split("Issue permits to work faster|Cut permit waiting time for crews"),
            ROI,
            "Time to issue a permit",
            "minutes",
            -1,
            (45, 120),
            (0.5, 0.7),
            0,
            "crews start work within minutes of arriving on site",
            relative=True,
        ),
        GoalKind(
            "outage_calls",
            _split("Fewer calls during outages|Tell customers when power is back"),
            ROI,
            "Contact-centre calls per outage",
            "calls",
            -1,
            (400, 1200),
            (0.4, 0.6),
            0,
            "customers are told before they need to call",
            per_unit=400,
            relative=True,
        ),
        GoalKind(
            "inspections",
            _split("Inspect every critical asset on schedule|On-time inspections in the {site}"),
            RISK,
            "Critical assets inspected on schedule",
            "%",
            1,
            (62, 78),
            (95, 99),
            0,
            "no critical asset misses its inspection",
        ),
        GoalKind(
            "near_miss",
            _split("Report more near misses|Make near-miss reporting a habit"),
            RISK,
            "Near misses reported",
            "per month",
            1,
            (15, 40),
            (0.8, 1.5),
            0,
            "crews report near misses before they become accidents",
            relative=True,
        ),
        GoalKind(
            "office_hours",
            _split("Cut back-office time on job packs|Stop printing job packs"),
            ROI,
            "Back-office time on job packs",
            "hours/month",
            -1,
            (90, 220),
            (0.5, 0.7),
            0,
            "planners plan work instead of printing it",
            hourly=True,
            relative=True,
        ),
        GoalKind(
            "crews_live",
            _split("Every crew on mobile work orders|Roll mobile work orders out to the {site}"),
            EXPAND,
            "Crews on mobile work orders",
            "crews",
            1,
            (0, 0),
            (20, 90),
            0,
            "no crew works from paper",
        ),
    ),
    incidents=(
        Incident(
            "Tablets lost jobs in areas with no signal",
            "crews lost completed jobs when they worked out of coverage",
            "the offline cache was cleared by a phone update",
            "jobs are kept until the server confirms them, whatever the phone does",
        ),
        Incident(
            "Outage texts went to the wrong postcodes",
            "customers outside the outage area got restoration texts",
            "an out-of-date network map in the outage feed",
            "the feed uses the live network model and is checked before sending",
        ),
        Incident(
            "Permit sign-off blocked for contractors",
            "contractor crews could not sign permits for a morning",
            "contractor accounts expired at the end of the quarter",
            "contractor access now renews with their contract dates",
        ),
    ),
    risks=(
        (
            "Regulatory price review squeezes next year's budget",
            RiskCategory.COMMERCIAL,
            "Tie the renewal to the productivity gains the regulator asks for.",
        ),
        (
            "Unions concerned about crew tracking",
            RiskCategory.ORGANISATIONAL,
            "Document that location is used for jobs only; brief the union reps.",
        ),
        (
            "Rugged tablets due for replacement",
            RiskCategory.TECHNICAL,
            "Share the device list and test the new tablets before the order.",
        ),
    ),
    opportunities=(
        ("Mobile work orders for the {site}", UP, "Beacon Mobile"),
        ("Asset analytics for the network team", CROSS, "Beacon Analytics"),
        ("Contractor access to permits", UP, "Beacon Workflow"),
        ("AI job-pack summaries for crews", CROSS, "Beacon AI Assistant"),
    ),
    praise=_split(
        "Crews stopped driving back to the depot for paperwork.|"
        "Permits are issued before the van is parked.|"
        "Our {team} trust the offline mode now.|"
        "{csm} came out with a crew for a day, and it showed.|"
        "Customers get restoration times without calling us.|"
        "The {site} reports twice as many near misses, which is what we wanted."
    ),
    friction=_split(
        "Offline sync still worries the crews.|"
        "The app is hard to read in bright sunlight.|"
        "Contractor access is a constant admin job.|"
        "We need the asset map to load faster on the tablets.|"
        "Every network model change needs your team's help."
    ),
    competitors=_split("FieldForce Grid|CrewLink|GridOps"),
)

HOSPITALITY = Industry(
    name="Hospitality",
    teams=_split(
        "housekeeping supervisors|front-desk managers|maintenance technicians|revenue managers|"
        "banqueting teams"
    ),
    sites=_split(
        "city hotels|airport hotel|resort collection|conference centre|flagship property|"
        "coastal resorts"
    ),
    footprint=(("hotel", "hotels", 250), ("guest room", "guest rooms", 2)),
    use_cases=(
        UseCaseKind(
            "housekeeping",
            "Housekeeping room status",
            "Room status is called down to the front desk by phone.",
            "Housekeepers mark rooms clean on their phones; the desk sees it at once.",
            "Beacon Mobile, Beacon Connectors",
            "housekeeping supervisors",
            "room_ready",
        ),
        UseCaseKind(
            "maintenance_hotel",
            "Guest-room maintenance requests",
            "Broken items are reported on paper and rooms stay out of order.",
            "Requests logged from the room, assigned and closed with a photo.",
            "Beacon Workflow, Beacon Mobile",
            "maintenance technicians",
            "ooo_rooms",
        ),
        UseCaseKind(
            "guest_requests",
            "Guest request handling",
            "Guest requests go through the front desk and get forgotten at shift change.",
            "Every request tracked to done, whoever is on shift.",
            "Beacon Workflow, Beacon AI Assistant",
            "front-desk managers",
            "request_time",
        ),
        UseCaseKind(
            "revenue_reports",
            "Daily revenue reporting",
            "Revenue managers build the daily report from three systems by hand.",
            "Occupancy, rate and revenue per property ready at 7 am.",
            "Beacon Analytics, Beacon Connectors",
            "revenue managers",
            "report_hours_hotel",
        ),
    ),
    goals=(
        GoalKind(
            "room_ready",
            _split("Get rooms ready for early check-in|Faster room turnaround at the {site}"),
            ROI,
            "Checkout to room ready",
            "minutes",
            -1,
            (110, 190),
            (0.3, 0.45),
            0,
            "guests can check in early more often",
            relative=True,
        ),
        GoalKind(
            "ooo_rooms",
            _split("Fewer rooms out of order|Return broken rooms to sale faster"),
            ROI,
            "Room nights out of order",
            "per month",
            -1,
            (60, 220),
            (0.4, 0.6),
            0,
            "no room stays off sale for a broken kettle",
            per_unit=12_000,
            relative=True,
        ),
        GoalKind(
            "request_time",
            _split("Close guest requests within the hour|Faster guest requests at the {site}"),
            ROI,
            "Median guest request time",
            "minutes",
            -1,
            (55, 120),
            (0.5, 0.7),
            0,
            "guests get what they asked for while they still care",
            relative=True,
        ),
        GoalKind(
            "report_hours_hotel",
            _split("Automate the daily revenue report|Give revenue managers their mornings back"),
            ROI,
            "Time on daily revenue reporting",
            "hours/week",
            -1,
            (10, 25),
            (0.7, 0.85),
            0,
            "the revenue report is waiting when managers arrive",
            hourly=True,
            relative=True,
        ),
        GoalKind(
            "review_score",
            _split("Raise guest review scores|Better reviews for the {site}"),
            ROI,
            "Average guest review score",
            "of 10",
            1,
            (7.6, 8.3),
            (8.7, 9.1),
            1,
            "guests rate their stay higher",
        ),
        GoalKind(
            "properties_live",
            _split("Roll out to every property|Bring the {site} onto Beacon"),
            EXPAND,
            "Properties live",
            "hotels",
            1,
            (0, 0),
            (5, 40),
            0,
            "every property runs housekeeping the same way",
        ),
    ),
    incidents=(
        Incident(
            "Room status not reaching the front desk",
            "clean rooms showed as dirty and guests waited in the lobby",
            "the property system interface dropped after their upgrade",
            "the interface reconnects and the desk sees a warning if it is down",
        ),
        Incident(
            "Housekeeping app down on a full-house Saturday",
            "housekeepers went back to paper lists on the busiest day of the month",
            "a login outage at our identity provider",
            "a fallback login now works when the provider is down",
        ),
        Incident(
            "Revenue report showed yesterday's numbers",
            "the 7 am revenue report showed the previous day for a week",
            "a daylight-saving change in the night audit schedule",
            "the report waits for the night audit to finish, whatever the clock says",
        ),
    ),
    risks=(
        (
            "New owners reviewing all hotel systems",
            RiskCategory.COMMERCIAL,
            "Get the value summary to the new owners' operations director early.",
        ),
        (
            "High staff turnover in housekeeping",
            RiskCategory.ADOPTION,
            "Make the app part of induction; picture-based training for new starters.",
        ),
        (
            "Property system replacement at two hotels",
            RiskCategory.TECHNICAL,
            "Test the interface with the new property system before cut-over.",
        ),
    ),
    opportunities=(
        ("Housekeeping app for the {site}", UP, "Beacon Mobile"),
        ("Guest requests with AI replies", CROSS, "Beacon AI Assistant"),
        ("Revenue dashboards for the owners", CROSS, "Beacon Analytics"),
        ("Maintenance workflow for the conference venues", UP, "Beacon Workflow"),
    ),
    praise=_split(
        "Guests get their rooms earlier and the reviews say so.|"
        "Our {team} stopped using the radio for room status.|"
        "The revenue report is ready before the morning meeting.|"
        "{csm} spent a night shift with our team to see how it works.|"
        "Broken rooms go back on sale the same day.|"
        "New housekeepers learn the app in one shift."
    ),
    friction=_split(
        "The app needs more languages for our housekeeping teams.|"
        "The property system interface drops too often.|"
        "Owners want reports we still build by hand.|"
        "Training new staff every season is a lot of work.|"
        "Notifications are too many for the front desk at check-in time."
    ),
    competitors=_split("HotelOps|Roomly|GuestLoop"),
)

SERVICES = Industry(
    name="Professional services",
    teams=_split("project managers|partners|resource managers|bid teams|finance team"),
    sites=_split(
        "advisory practice|engineering division|head office|tax practice|infrastructure group|"
        "regional office"
    ),
    footprint=(("office", "offices", 400), ("consultant", "consultants", 1.4)),
    use_cases=(
        UseCaseKind(
            "resourcing",
            "Resource planning",
            "Staffing is agreed in a weekly call and a spreadsheet nobody trusts.",
            "Who is on which project, and who is free, in one live plan.",
            "Beacon Workflow, Beacon Analytics",
            "resource managers",
            "utilisation",
        ),
        UseCaseKind(
            "timesheets",
            "Timesheet reminders and approvals",
            "Timesheets arrive late and invoices go out a week after month end.",
            "Timesheets in by Friday and approved by Monday.",
            "Beacon Workflow, Beacon Mobile",
            "project managers",
            "late_timesheets",
        ),
        UseCaseKind(
            "bids",
            "Bid and proposal workflow",
            "Bids are built from old documents found by asking around.",
            "Every bid built from approved content with reviews on time.",
            "Beacon Workflow, Beacon AI Assistant",
            "bid teams",
            "bid_hours",
        ),
        UseCaseKind(
            "project_health",
            "Project health dashboard",
            "Partners learn a project is over budget when it is too late.",
            "Budget, margin and risk for every project, updated weekly.",
            "Beacon Analytics, Beacon Connectors",
            "partners",
            "overruns",
        ),
    ),
    goals=(
        GoalKind(
            "utilisation",
            _split("Raise billable utilisation|Better utilisation in the {site}"),
            ROI,
            "Billable utilisation",
            "%",
            1,
            (62, 70),
            (74, 80),
            1,
            "consultants spend more of their week on client work",
        ),
        GoalKind(
            "late_timesheets",
            _split("Get timesheets in on time|No late timesheets at month end"),
            ADOPT,
            "Timesheets submitted late",
            "%",
            -1,
            (18, 35),
            (0.7, 0.85),
            0,
            "invoices go out on the first working day",
            relative=True,
        ),
        GoalKind(
            "bid_hours",
            _split("Cut the effort per bid|Faster proposals from the {site}"),
            ROI,
            "Hours to produce a bid",
            "hours",
            -1,
            (60, 140),
            (0.3, 0.5),
            0,
            "bid teams answer more tenders with the same people",
            hourly=True,
            relative=True,
        ),
        GoalKind(
            "overruns",
            _split("Fewer projects over budget|Spot budget overruns earlier"),
            RISK,
            "Projects over budget",
            "%",
            -1,
            (18, 30),
            (0.4, 0.6),
            0,
            "no partner learns about an overrun from the client",
            relative=True,
        ),
        GoalKind(
            "invoice_days",
            _split("Invoice sooner after month end|Shorten the billing cycle"),
            ROI,
            "Days from month end to invoice",
            "days",
            -1,
            (7, 15),
            (0.5, 0.7),
            0,
            "clients are invoiced on the first working day",
            relative=True,
        ),
        GoalKind(
            "practices_live",
            _split("Bring every practice onto resource planning|Roll out to the {site}"),
            EXPAND,
            "Practices live",
            "practices",
            1,
            (0, 0),
            (3, 10),
            0,
            "the whole firm plans people in one place",
        ),
    ),
    incidents=(
        Incident(
            "Timesheet approvals lost at month end",
            "approvals made on the last day of the month disappeared and invoices were held",
            "a sync conflict with the finance system at close",
            "approvals are locked in before the finance export starts",
        ),
        Incident(
            "Resource plan showed people on leave as free",
            "consultants on leave were booked onto a client kick-off",
            "the HR leave feed stopped after a password change",
            "the feed uses a service account and alerts when it stops",
        ),
        Incident(
            "Bid library search returning old versions",
            "a bid went out with last year's rates",
            "the search index did not drop superseded documents",
            "superseded content is hidden and marked in the library",
        ),
    ),
    risks=(
        (
            "Partners rely on their own spreadsheets",
            RiskCategory.ADOPTION,
            "Give partners a weekly one-page view by email; retire the spreadsheets.",
        ),
        (
            "Merger with another firm announced",
            RiskCategory.ORGANISATIONAL,
            "Meet the other firm's operations lead; show the rollout playbook.",
        ),
        (
            "Fee pressure leads to a tools review",
            RiskCategory.COMMERCIAL,
            "Quantify the billing days saved per month for the managing partner.",
        ),
    ),
    opportunities=(
        ("Resource planning for the {site}", UP, "Beacon Workflow"),
        ("AI-assisted bid drafting", CROSS, "Beacon AI Assistant"),
        ("Project health dashboards for partners", CROSS, "Beacon Analytics"),
        ("Timesheets on mobile for site engineers", UP, "Beacon Mobile"),
    ),
    praise=_split(
        "Invoices go out on the first working day now.|"
        "Our {team} can see who is free without a meeting.|"
        "Bids take a fraction of the effort they used to.|"
        "{csm} understands how a partnership makes decisions.|"
        "We spot overruns while there is still time to act.|"
        "The {site} gave up its resourcing spreadsheet within a month."
    ),
    friction=_split(
        "Partners still ask for the spreadsheet version.|"
        "The finance system sync is fragile at month end.|"
        "Mobile timesheets are clumsy for site staff.|"
        "We need better reporting by client, not just by project.|"
        "Setting up a new practice takes too long."
    ),
    competitors=_split("Projectra|StaffPlan|BillRight"),
)

INDUSTRIES: tuple[Industry, ...] = (
    HEALTHCARE,
    LOGISTICS,
    MANUFACTURING,
    RETAIL,
    FINANCE,
    SOFTWARE,
    EDUCATION,
    ENERGY,
    HOSPITALITY,
    SERVICES,
)

# Incidents any customer can hit, whatever the industry.
COMMON_INCIDENTS: tuple[Incident, ...] = (
    Incident(
        "Single sign-on errors for all users",
        "nobody could log in for most of the morning",
        "an expired signing certificate on our side",
        "certificates renew automatically and alert us a month ahead",
    ),
    Incident(
        "Nightly data sync stopped",
        "yesterday's data was missing from every dashboard",
        "a schema change in their source system",
        "the sync now tolerates new columns and alerts on a failed run",
    ),
    Incident(
        "Reports timing out",
        "monthly reports timed out for the whole management team",
        "a missing index after our database upgrade",
        "the index is back and report times are monitored",
    ),
    Incident(
        "Mobile app crashing after the update",
        "the app crashed on start for everyone on older Android phones",
        "a library in the update that needs a newer Android version",
        "a fixed build went out within two days and older phones are in the test lab",
    ),
)

# Loaded cost of an hour of someone's time, US cents, by region (a conservative blend).
HOURLY_COST: dict[str, int] = {
    "North America": 6_800,
    "EMEA": 5_900,
    "APAC": 4_300,
    "LATAM": 2_900,
}

BY_NAME: dict[str, Industry] = {industry.name: industry for industry in INDUSTRIES}

# Job titles by industry and stakeholder role (``|``-separated), so a hospital's sponsor is a
# Chief Nursing Officer and a haulier's is a Chief Operating Officer; ``promoted`` is where a
# champion goes next.
ROLE_TITLES: dict[str, dict[str, str]] = {
    "Healthcare": {
        "promoted": "Director of Nursing Workforce|Associate Director of Operations",
        "executive_sponsor": "Chief Nursing Officer|Chief Operating Officer|Medical Director",
        "economic_buyer": "Director of Finance|Head of Procurement",
        "decision_maker": "Chief Information Officer|Head of Digital Health",
        "champion": "Nurse Workforce Lead|Head of Patient Flow|Deputy Chief Nurse",
        "influencer": "Clinical Systems Manager|Matron, Surgery|Outpatients Manager",
        "end_user": "Ward Manager|Bed Manager|Staffing Coordinator|Theatre Coordinator",
        "detractor": "Consultant Surgeon|Head of Clinical Informatics",
        "point_of_contact": "Digital Programme Manager|Project Officer",
    },
    "Logistics": {
        "promoted": "Director of Transport Operations|Head of Network Planning",
        "executive_sponsor": "Chief Operating Officer|Managing Director|VP Operations",
        "economic_buyer": "Finance Director|Head of Procurement",
        "decision_maker": "IT Director|Head of Transport Systems",
        "champion": "Head of Transport Planning|Depot Operations Manager|Fleet Manager",
        "influencer": "Senior Planner|Customer Service Manager|Warehouse Manager",
        "end_user": "Dispatcher|Transport Planner|Shift Lead, Cross-dock",
        "detractor": "Regional Depot Manager|Legacy TMS Owner",
        "point_of_contact": "Project Manager, Operations|Business Analyst",
    },
    "Manufacturing": {
        "promoted": "Head of Operational Excellence|Plant Manager",
        "executive_sponsor": "Plant Director|VP Manufacturing|Chief Operating Officer",
        "economic_buyer": "Finance Director|Head of Indirect Purchasing",
        "decision_maker": "Head of IT/OT|Manufacturing Systems Manager",
        "champion": "Continuous Improvement Manager|Maintenance Manager|Production Manager",
        "influencer": "Quality Manager|Lean Engineer|Shift Manager",
        "end_user": "Shift Supervisor|Maintenance Planner|Line Lead",
        "detractor": "MES Owner|Works Council Member",
        "point_of_contact": "Project Engineer|Digital Factory Coordinator",
    },
    "Retail": {
        "promoted": "Director of Store Operations|Head of Retail Excellence",
        "executive_sponsor": "Chief Operating Officer|Retail Director|VP Stores",
        "economic_buyer": "Finance Director|Head of Procurement",
        "decision_maker": "CIO|Head of Store Systems",
        "champion": "Head of Store Operations|Replenishment Manager|Regional Manager",
        "influencer": "Area Manager|Merchandising Manager|Customer Experience Lead",
        "end_user": "Store Manager|Replenishment Planner|Assistant Store Manager",
        "detractor": "Head of Buying|Franchise Partner",
        "point_of_contact": "Store Systems Project Manager|Operations Analyst",
    },
    "Financial services": {
        "promoted": "Director of Operations Excellence|Head of Customer Operations",
        "executive_sponsor": "Chief Operating Officer|Head of Operations|Chief Customer Officer",
        "economic_buyer": "CFO|Head of Vendor Management",
        "decision_maker": "CIO|Head of Architecture",
        "champion": "Head of Claims|Operations Excellence Lead|Head of Customer Onboarding",
        "influencer": "Compliance Manager|Head of MI|Risk Manager",
        "end_user": "Claims Handler|Onboarding Analyst|Complaints Officer",
        "detractor": "Information Security Officer|Head of Core Systems",
        "point_of_contact": "Change Manager|Business Analyst",
    },
    "Software": {
        "promoted": "Senior Director, Support Operations|VP Customer Operations",
        "executive_sponsor": "VP Customer Support|Chief Customer Officer|COO",
        "economic_buyer": "VP Finance|Head of Procurement",
        "decision_maker": "VP Engineering|Head of Business Systems",
        "champion": "Director of Support Operations|Head of Customer Success|Support Ops Lead",
        "influencer": "Staff Engineer|Product Operations Manager|SRE Lead",
        "end_user": "Support Engineer|Customer Success Manager|Release Manager",
        "detractor": "Platform Architect|Head of Internal Tools",
        "point_of_contact": "Business Systems Analyst|Support Tools Admin",
    },
    "Education": {
        "promoted": "Director of Student Administration|Deputy Registrar",
        "executive_sponsor": "Pro-Vice-Chancellor|Chief Operating Officer|Registrar",
        "economic_buyer": "Director of Finance|Head of Procurement",
        "decision_maker": "Director of IT Services|Head of Student Systems",
        "champion": "Head of Admissions|Director of Student Services|Timetabling Manager",
        "influencer": "Faculty Manager|Head of Student Experience|Senior Tutor",
        "end_user": "Admissions Officer|Student Advisor|Timetabler",
        "detractor": "Dean of Engineering|Student Records Manager",
        "point_of_contact": "Project Manager, Digital Campus|Systems Analyst",
    },
    "Energy": {
        "promoted": "Head of Field Operations|Director of Asset Performance",
        "executive_sponsor": "Director of Field Operations|COO|Network Director",
        "economic_buyer": "Finance Director|Head of Commercial",
        "decision_maker": "Head of OT Systems|CIO",
        "champion": "Field Services Manager|Head of Asset Management|Work Planning Manager",
        "influencer": "HSE Manager|Control Room Manager|Asset Engineer",
        "end_user": "Field Engineer|Work Planner|Control Room Operator",
        "detractor": "Union Representative|GIS Manager",
        "point_of_contact": "Mobile Workforce Project Lead|Business Analyst",
    },
    "Hospitality": {
        "promoted": "Vice President, Rooms|Director of Group Operations",
        "executive_sponsor": "Chief Operating Officer|VP Operations|Managing Director",
        "economic_buyer": "Group Finance Director|Head of Procurement",
        "decision_maker": "Head of Hotel Systems|IT Director",
        "champion": "Director of Rooms|Group Housekeeping Manager|Operations Excellence Lead",
        "influencer": "General Manager, City Hotel|Revenue Director|Front Office Manager",
        "end_user": "Housekeeping Supervisor|Front Desk Manager|Maintenance Technician",
        "detractor": "General Manager, Resort|Owner's Representative",
        "point_of_contact": "Systems Project Manager|Operations Analyst",
    },
    "Professional services": {
        "promoted": "Director of Delivery Operations|Head of Resource Management",
        "executive_sponsor": "Managing Partner|Chief Operating Officer|Head of Delivery",
        "economic_buyer": "Finance Director|Head of Procurement",
        "decision_maker": "CIO|Head of Business Systems",
        "champion": "Resource Management Lead|Practice Operations Manager|PMO Lead",
        "influencer": "Senior Partner|Bid Director|Head of Finance Operations",
        "end_user": "Project Manager|Resource Manager|Bid Coordinator",
        "detractor": "Senior Partner, Tax|Head of Knowledge",
        "point_of_contact": "Business Systems Analyst|Operations Coordinator",
    },
}
