"""What a CSM writes down, by situation: the phrase bank the demo's text is combined from.

Each situation has several subjects and several summaries; slots in braces are filled from the
account's story at that moment (who the champion is then, which site went live, the KPI's
value that month), so the same template reads differently in every account. Every sentence
says something that happened or was agreed; none is there to fill space.

Slots used across templates: ``{first}``/``{person}``/``{title}`` (the customer contact),
``{sponsor}``/``{sponsor_first}``, ``{buyer}``/``{buyer_first}``, ``{it_first}``, ``{team}``,
``{site}``, ``{uc}`` (a use case, lower-case), ``{product}``, ``{csm}``, ``{se}``,
``{support}``, ``{pm}``, ``{leader}``, ``{date}``, ``{month}``, ``{n}``, ``{weeks}``, ``{kpi}``,
``{value}``, ``{target}``, ``{incident}``, ``{impact}``, ``{cause}``, ``{fix}``, ``{opp}``,
``{amount}``, ``{competitor}``, ``{reason}``, ``{feature}``.
"""

from __future__ import annotations


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


# --------------------------------------------------------------------------- onboarding

KICKOFF_SUBJECTS = _split(
    "Kickoff with {first} and the project team|Project kickoff|Kickoff meeting"
)
KICKOFF = _split(
    "Kickoff with {person} ({title}) and the project team. Agreed {uc} as the first use case, "
    "live in {weeks} weeks; {first} wants the {team} trained before then.|"
    "Kickoff at their {site}. {sponsor_first} opened and stayed for the success criteria: "
    "{kpi} from {value} to {target}. First go-live planned for {date}.|"
    "Ran the kickoff with {first} and {it_first}. Scope for phase one is {uc}; data feed and "
    "single sign-on first, then training for the {team}."
)
SETUP_SUBJECTS = _split("Technical set-up|Single sign-on and data feed set-up|Set-up call with IT")
SETUP = _split(
    "Set up single sign-on with {it_first}; test users can log in. The data feed from their "
    "core system starts on {date}.|"
    "Worked through the integration checklist with {it_first}. Two firewall rules are still "
    "open on their side; {it_first} expects them by {date}.|"
    "{se} and {it_first} connected the test environment. Sample data looks right; production "
    "cut-over booked for {date}."
)
TRAINING_SUBJECTS = _split("Training: {uc}|Training for the {team}|Train-the-trainer session")
TRAINING = _split(
    "Trained {n} {team} on {uc}. Most questions were about permissions; a second session for "
    "the late shift is booked.|"
    "Train-the-trainer session with {first} and {n} super-users from the {site}. They will "
    "train their own teams next week.|"
    "Hands-on training for {n} {team}. They picked it up quickly; {first} asked for a one-page "
    "guide to hand out."
)
GO_LIVE_SUBJECTS = _split("{uc_title} live at the {site}|Go-live: {uc}|Go-live review")
GO_LIVE = _split(
    "{uc_title} went live at the {site}. {n} {users} used it on day one; {first} will report "
    "{kpi} monthly.|"
    "Go-live day for {uc}. Two small data issues fixed by lunchtime; {first} is pleased and "
    "wants the rest of the {team} on it within a month.|"
    "Reviewed the first week of {uc} with {first}: {n} active users, no open tickets. Next "
    "site to follow is agreed for {date}."
)

# --------------------------------------------------------------------------- routine

CALL_SUBJECTS = _split("Check-in with {first}|Fortnightly check-in|Progress call|Usage review call")
MEETING_SUBJECTS = _split(
    "Adoption review|Working session at the {site}|Usage review with the {team}|"
    "Monthly review with {first}"
)
# A check-in is what the CSM found (the first sentence) and what comes next (the second).
CHECKIN_GOOD = _split(
    "{kpi}: {value} against a target of {target}.|"
    "{first} says the {team} at the {site} use {uc} every day now.|"
    "Weekly active users are up again at the {site}.|"
    "{first} reported {value} on {kpi}, ahead of plan.|"
    "No open tickets this month; {first} had nothing to escalate.|"
    "The {site} asked for access for {n} more {team}.|"
    "{first} showed me the dashboard the {team} built themselves.|"
    "{sponsor_first} asked {first} for the {kpi} figures for their board pack.|"
    "Went through the usage report with {first}: every site above 70% active.|"
    "{first} retired another spreadsheet now that {uc} covers it."
)
CHECKIN_GOOD_NEXT = _split(
    "{first} wants to show the result to {sponsor_first} at the next leadership meeting.|"
    "They asked how other {industry} customers handle {feature}.|"
    "{first} will nominate two more super-users.|"
    "Agreed to write up the results as a short case study.|"
    "Next on their list is {feature}; they will join the beta.|"
    "Booked {se} for a session on {feature} with the {team}.|"
    "Nothing blocking; next check-in in two weeks.|"
    "They want the same setup at the {site} next.|"
    "{first} asked for the admin training dates for the {site}."
)
CHECKIN_MIXED = _split(
    "{kpi}: {value}, short of the {target} target.|"
    "Usage is flat this month at the {site}.|"
    "{first} is positive but stretched; the rollout to the {site} slipped to {month}.|"
    "{first} says the {team} are busy with year-end work.|"
    "Two teams at the {site} still work around {uc}.|"
    "Slow progress on {kpi}: {value} this month.|"
    "{first} flagged that the {site} finds {product} slow in the mornings.|"
    "Adoption at the {site} dipped after their reorganisation."
)
CHECKIN_MIXED_NEXT = _split(
    "Agreed a refresher session for the {team}.|"
    "Offered {se} for two days on site.|"
    "{first} wants the weekly report split by site so managers see their own numbers.|"
    "They will pick it up again in {month}.|"
    "Asked {first} to name a super-user at the {site}.|"
    "Logged a support ticket for the performance question.|"
    "Moved our check-ins to every two weeks until it picks up."
)
CHECKIN_BAD = _split(
    "No progress on {kpi} ({value}).|"
    "Short call; {first} had ten minutes.|"
    "{first} was frank: nobody above them asks about {product} any more.|"
    "Cancelled twice, then a short call.|"
    "The {site} has stopped using {uc} and went back to spreadsheets.|"
    "Usage fell again this month, mostly at the {site}.|"
    "{first} would not talk about next steps before their budget round."
)
CHECKIN_BAD_NEXT = _split(
    "{first} says the {team} are too stretched to change how they work this quarter.|"
    "{first} is looking at other options for the {site} and did not commit to next steps.|"
    "Offered a recovery plan; {first} will take it to {sponsor_first}.|"
    "Asked for time with {sponsor_first}; no date yet.|"
    "Raised it internally with {leader}.|"
    "No agreement on a next meeting."
)
# E-mails: (subject, summary), so the subject says what the e-mail was.
EMAIL_GOOD: tuple[tuple[str, str], ...] = (
    (
        "{month} adoption report",
        "Sent {first} the {month} adoption report: {kpi} at {value}, on course for {target}.",
    ),
    (
        "Release notes for {first}",
        "Sent the release notes; the {feature} change answers the "
        "request {first} made in the spring.",
    ),
    (
        "Results summary for {sponsor_first}",
        "Sent {sponsor_first} a one-page summary of results so far: {kpi} at {value}.",
    ),
    ("Case study draft", "Sent {first} the draft case study on {uc} for their comments."),
)
EMAIL_MIXED: tuple[tuple[str, str], ...] = (
    (
        "{month} adoption report",
        "Sent {first} the {month} adoption report: {kpi} at {value}; "
        "the {site} is behind the others.",
    ),
    (
        "Follow-up on open items",
        "Followed up on the three open items from our call; {first} replied on two.",
    ),
    (
        "Short video on {feature}",
        "Sent {first} a short video on {feature} to share with the {team}.",
    ),
)
EMAIL_BAD: tuple[tuple[str, str], ...] = (
    (
        "{month} adoption report",
        "Sent the {month} adoption report to {first}; no reply after a week.",
    ),
    (
        "Chasing open items",
        "Chased {first} about the open items for the second time; still no reply.",
    ),
    (
        "Usage figures for {sponsor_first}",
        "Sent {sponsor_first} the usage figures ahead of the renewal; {kpi} still at {value}.",
    ),
)
EXEC_SUBJECTS = _split(
    "Executive alignment with {sponsor}|Meeting with {sponsor_first} and {leader}|Sponsor meeting"
)
EXEC_GOOD = _split(
    "{sponsor} ({sponsor_title}) confirmed {uc} is a priority for {year}; asked for "
    "a benchmark against similar {industry} customers.|"
    "{leader} and I met {sponsor_first}, who is pleased with {kpi} and wants the {site} next; "
    "budget is set aside.|"
    "{sponsor_first} will present the results to their board in {month} and asked for our "
    "help with the numbers."
)
EXEC_BAD = _split(
    "{sponsor} questioned whether {product} is worth the cost after the last quarter; wants a "
    "value review before the renewal.|"
    "{sponsor_first} was polite but noncommittal. The priority is cost; every tool is under "
    "review before {month}.|"
    "{leader} joined. {sponsor_first} listed three problems: the incidents, slow adoption at "
    "the {site}, and the price. Promised a written recovery plan by {date}."
)
ROADMAP_SUBJECTS = _split("Roadmap preview with {pm}|Product roadmap session|Beta invitation")
ROADMAP = _split(
    "{pm} previewed the {product} roadmap; {first} asked for {feature} and will join the beta.|"
    "Roadmap session for {first} and {n} of the {team}. Most interest in {feature}; they want "
    "a date before committing the {site}.|"
    "Invited {first} to the {feature} beta. They will test it with the {site} in {month}."
)
NOTE_SUBJECTS = _split("Account note|Internal note|Note for the account team")
NOTE_GOOD = _split(
    "{first} told me the {site} team now asks for new reports themselves. Good sign for the "
    "{opp_hint}.|"
    "{sponsor_first} mentioned us in their quarterly all-hands, according to {first}.|"
    "Reference candidate: {first} agreed in principle to talk to a prospect in {industry}."
)
NOTE_MIXED = _split(
    "Heard from {first} that the {site} reorganises in {month}; keep the rollout plan flexible.|"
    "{first} changes teams internally next quarter but stays in the project for now.|"
    "Their budget round starts in {month}; get the value summary to {buyer_first} before then."
)
NOTE_BAD = _split(
    "{first} hinted that {competitor} presented to {sponsor_first} last week.|"
    "Usage at the {site} is down by half since {month}; nobody there answers my emails.|"
    "{buyer_first} asked procurement for a list of all software contracts renewing next year."
)

# --------------------------------------------------------------------------- escalations

ESCALATION_SUBJECTS = _split(
    "P1: {incident}|Escalation: {incident}|Escalated by {first}: {incident}"
)
ESCALATION = _split(
    "{first} escalated at 8:40: {impact}. Support opened a P1 and engineering joined the "
    "bridge within the hour.|"
    "{first} called {csm} directly: {impact}. Raised a P1; {support} is running the incident.|"
    "Escalation from {first} and {sponsor_first}: {impact}. They want an explanation and a "
    "date for the fix."
)
ESCALATION_UPDATE_SUBJECTS = _split(
    "Incident update: {incident_lc}|Root cause call with {first}|Incident follow-up"
)
ESCALATION_UPDATE = _split(
    "Root cause found: {cause}. {support} walked {first} through it; the fix is planned for "
    "{date}.|"
    "Call with {first} and {support}: cause was {cause}. Workaround in place until {date}.|"
    "Shared the timeline of the incident with {first}. Cause: {cause}; they want the fix "
    "tested on their test system first."
)
ESCALATION_RESOLVED_SUBJECTS = _split(
    "Resolved: {incident_lc}|Fix confirmed with {first}|Incident closed"
)
ESCALATION_RESOLVED = _split(
    "Fix deployed on {date}: {fix}. {first} confirmed it works and accepted the root-cause "
    "report.|"
    "{first} confirmed no repeat since the fix on {date}; {fix}. Closed the escalation.|"
    "Closed with {first}: {fix}. Credited one week of service as goodwill."
)
ESCALATION_REPEAT_SUBJECTS = _split(
    "{nth} escalation in {weeks} weeks|Repeat incident: {incident_lc}|Escalated again"
)
ESCALATION_REPEAT = _split(
    "It happened again: {impact}. {sponsor_first} asked for a service credit and a review of "
    "the contract terms.|"
    "{nth} incident in {weeks} weeks; {first} says the {team} have lost confidence and some "
    "went back to the old way.|"
    "{impact}, for the second time. {sponsor_first} copied procurement on the reply to us."
)

# --------------------------------------------------------------------------- people

CHAMPION_LEAVING_SUBJECTS = _split("{name} is leaving|Handover from {name}|Champion leaving")
CHAMPION_LEAVING = _split(
    "{name} is leaving {company} on {date} for a role elsewhere and introduced {successor} "
    "as the contact for now, but {successor} has not used {product}.|"
    "Farewell call with {name}, our champion since the start. Nobody is named to take over "
    "the rollout yet; {name} suggested asking {sponsor_first}.|"
    "{name} resigned; last day {date}. Asked for a handover meeting with {successor} next "
    "week."
)
SPONSOR_LEAVING_SUBJECTS = _split("{name} moves on|Sponsor change at {company}")
SPONSOR_LEAVING = _split(
    "{name}, our executive sponsor, leaves {company} on {date}. No successor named yet; "
    "{first} will tell us who takes over the programme.|"
    "Heard from {first} that {name} is leaving on {date}. The sponsor role is open; asked for "
    "an introduction to whoever inherits the budget."
)
NEW_CONTACT_SUBJECTS = _split(
    "Intro call with {name}|Meeting the new {title}|First call with {name}"
)
NEW_CONTACT_WARM = _split(
    "First call with {name}, the new {title}. Curious and open; wants a tour of what the "
    "{team} use today.|"
    "Met {name} ({title}), who used {product} at a previous company and wants to expand it "
    "here."
)
NEW_CONTACT_COOL = _split(
    "First call with {name}, the new {title}, who is reviewing every tool the team pays for "
    "and asked for usage by site.|"
    "Met {name} ({title}). Polite but guarded; {name} was not part of the original decision and "
    "wants to see value in numbers.|"
    "{name} joined as {title} and cancelled our intro twice. Short call at last: {name} prefers "
    "the tools of a previous employer."
)
PROMOTION_SUBJECTS = _split("Congratulations to {name}|{name} promoted")
PROMOTION = _split(
    "{name} is now {title}, keeps the Beacon rollout in scope and will bring it to "
    "the other sites.|"
    "Promotion for {name} to {title}; the announcement credited the results at the {site}."
)
BUDGET_SUBJECTS = _split("Budget news from {buyer_first}|Budget review|Cost review")
BUDGET = _split(
    "{buyer} confirmed a {n} % cut in the software budget for next year; every tool must "
    "show savings to stay.|"
    "{buyer_first} asked for a breakdown of licences by site; their finance team is "
    "reviewing all subscriptions.|"
    "{buyer_first} says the renewal will be decided on cost alone unless {sponsor_first} "
    "argues for it."
)
COMPETITOR_SUBJECTS = _split("Competitor in the account|{competitor} pilot")
COMPETITOR = _split(
    "{first} mentioned that the {site} is piloting {competitor} for the same job.|"
    "{competitor} presented to {sponsor_first} last week, offered a free pilot for the {site}."
)
MERGER_SUBJECTS = _split("Acquisition announced|News: {company} acquired")
MERGER = _split(
    "{company} is being acquired; the new parent runs {competitor} across its sites. "
    "{sponsor_first} does not know yet which tools survive.|"
    "Merger announced today. {first} expects a systems review within six months and asked "
    "for our value summary to take into it."
)

# --------------------------------------------------------------------------- renewal and money

RENEWAL_PREP_SUBJECTS = _split("Renewal call with {buyer_first}|Renewal planning|Renewal timeline")
RENEWAL_PREP_GOOD = _split(
    "Renewal call with {buyer}: happy to renew for another year. Wants the quote by {date}.|"
    "{buyer_first} asked for a two-year option with a price hold; {ae} will send both.|"
    "Renewal on track; {buyer_first} needs the security questionnaire refreshed first."
)
RENEWAL_PREP_BAD = _split(
    "{buyer} wants a {n} % reduction or they will go to tender.|"
    "{buyer_first} says the renewal depends on proving savings at the {site}; asked for "
    "numbers by {date}.|"
    "Renewal call was short: {buyer_first} will recommend cutting seats to the active users "
    "only."
)
RENEWED_SUBJECTS = _split("Renewal signed|Renewed for another year|Renewal: order form signed")
RENEWED = _split(
    "{buyer} signed the renewal for 12 months from {date}.|"
    "Renewal signed by {buyer_first} on {date}, same scope and price.|"
    "Order form for the renewal came back signed on {date}; thanked {first} for the help."
)
CONTRACTED = _split(
    "Renewed from {date} with {n} % fewer seats: {buyer_first} removed licences nobody at "
    "the {site} used.|"
    "Renewal signed, but smaller: {buyer_first} cut the {site} from the contract from {date}."
)
CHURN_NOTICE_SUBJECTS = _split("Non-renewal notice|{buyer_first}: not renewing|Renewal decision")
CHURN_NOTICE = _split(
    "{buyer} confirmed in writing that they will not renew on {date}: {reason}.|"
    "Formal notice from {buyer_first}: the contract ends on {date}. Reason given: {reason}.|"
    "{sponsor_first} wrote to tell me before procurement did: they will not renew on {date}, "
    "{reason}."
)
EXIT_SUBJECTS = _split("Exit call with {first}|Exit interview|Offboarding call")
EXIT = _split(
    "Exit call with {first}. Main reasons: {reason}; the {site} liked {uc} and was sorry to "
    "lose it.|"
    "Offboarding: exported their data for {it_first}. {first} was kind; the decision was "
    "{reason}.|"
    "Exit interview with {first}: {reason}. {first} would consider us again in a year."
)
EXPANSION_TALK_SUBJECTS = _split("Discovery: {opp}|Expansion discussion|Scoping {opp_lc}")
EXPANSION_TALK = _split(
    "{first} asked about {opp_lc} after the results at the {site}; {se} will scope it.|"
    "Discovery workshop for {opp_lc} with {first} and {n} people from the {site}; they want "
    "a proposal by {date}.|"
    "{sponsor_first} asked for a proposal for {opp_lc} to go to their budget round."
)
EXPANSION_WON_SUBJECTS = _split("Order signed: {opp}|Expansion signed|{opp} signed")
EXPANSION_WON = _split(
    "{buyer} signed the order for {opp_lc}, adding {amount} ARR from {date}.|"
    "Signed on {date}: {opp_lc} ({amount} ARR). {first} wants the kickoff next week.|"
    "Expansion closed: {opp_lc}, {amount} a year. Thanks to {first} for pushing it through "
    "their budget round."
)
EXPANSION_LOST = _split(
    "{buyer_first} declined the proposal for {opp_lc}: {reason}.|"
    "{opp} is off: {reason}. Closed it as lost."
)

# --------------------------------------------------------------------------- QBRs

QBR_SUMMARY = _split(
    "QBR with {attendees}. {decisions}|"
    "Business review at their {site} with {attendees}. {decisions}|"
    "Held the QBR with {attendees}. {decisions}"
)
QBR_OBJECTIVES_GOOD = _split(
    "Celebrate the results at the {site} and agree where to go next.|"
    "Review {kpi} against target and agree the plan for the {site}.|"
    "Show the value delivered this year and agree next year's priorities."
)
QBR_OBJECTIVES_BAD = _split(
    "Agree a recovery plan before the renewal: {trouble}.|"
    "Rebuild confidence and agree what success looks like now: {trouble}.|"
    "Review the value case honestly and agree what it takes to renew."
)
# What an account in decline has to get past, by its cause (for the objectives of a QBR).
TROUBLE = {
    "champion_left": "a new owner for the rollout",
    "new_sponsor": "what {sponsor_first} needs to see from us",
    "outages": "the incidents and what we changed",
    "budget": "savings that fit the new budget",
    "competitor": "why we are still the right choice",
    "low_adoption": "adoption at the {site}",
    "merger": "our place in the new group's tools",
}
QBR_NOTES = _split(
    "{sponsor_first} left after 20 minutes; keep the deck to ten slides.|"
    "{first} prepared a slide of their own on {kpi}; use it next time.|"
    "Procurement attended for the first time; expect renewal talk.|"
    "Good energy in the room; {sponsor_first} asked for the slides to share internally.|"
    "Tense start over the incident; ended on agreed actions."
)

# Decisions agreed at a QBR and the action each becomes: (decision, action title, owner).
# Owner "customer" is the champion; "csm", "se", "support", "leader", "ae" are ours (the
# customer's side of a decision of ours is in THEIR_SIDE).
DECISIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "go_live": (
        (
            "Go live with {uc} at the {site} by {date}.",
            "Confirm go-live date for {uc} at the {site}",
            "customer",
        ),
        (
            "{first} to name two super-users at the {site} before the go-live.",
            "Name super-users at the {site}",
            "customer",
        ),
    ),
    "rca": (
        (
            "We deliver the root-cause report ({incident_lc}) by {date}.",
            "Send the root-cause report to {first}: {incident_lc}",
            "support",
        ),
        (
            "Weekly incident review with {support} until the fix is in.",
            "Run weekly incident review with {first}",
            "support",
        ),
    ),
    "kpi": (
        (
            "Report {kpi} monthly against the {target} target.",
            "Set up the monthly {kpi} report for {first}",
            "csm",
        ),
        (
            "{first} to share the {kpi} baseline for the {site} by {date}.",
            "Get the {kpi} baseline for the {site}",
            "customer",
        ),
    ),
    "training": (
        (
            "Refresher training for the {team} at the {site} in {month}.",
            "Schedule refresher training at the {site}",
            "csm",
        ),
        (
            "Add Beacon to the induction of new {team}.",
            "Send induction material for new {team}",
            "csm",
        ),
    ),
    "expansion": (
        ("Scope {opp_lc} with {se} before {date}.", "Book scoping workshop for {opp_lc}", "se"),
        (
            "{sponsor_first} to put {opp_lc} into the {year} budget request.",
            "Send the business case for {opp_lc} to {sponsor_first}",
            "ae",
        ),
    ),
    "exec": (
        (
            "Set up a call between {sponsor_first} and {leader} in {month}.",
            "Book executive call: {sponsor} and {leader}",
            "csm",
        ),
    ),
    "renewal": (
        (
            "Start renewal talks in {month} with {buyer_first}.",
            "Prepare the renewal proposal for {buyer}",
            "ae",
        ),
    ),
    "recovery": (
        (
            "Weekly status call until the {site} is back on track.",
            "Send weekly status update to {sponsor_first}",
            "csm",
        ),
        (
            "Recovery plan with dates for each open problem by {date}.",
            "Write the recovery plan for {sponsor_first}",
            "csm",
        ),
        (
            "{first} to name a super-user at the {site} who will own the rollout there.",
            "Name a super-user at the {site}",
            "customer",
        ),
    ),
    "reference": (
        (
            "{first} agreed to a short case study on {uc}.",
            "Draft the {uc} case study for {first} to approve",
            "csm",
        ),
    ),
    "next_site": (
        (
            "Plan the rollout of {uc} to the {site} for {month}.",
            "Draft the rollout plan for {uc} at the {site}",
            "csm",
        ),
        (
            "{first} to book training dates for the {site} before {date}.",
            "Get training dates for the {site} from {first}",
            "customer",
        ),
    ),
    "adoption": (
        (
            "Review adoption by site with {first} every month.",
            "Send {first} the adoption figures by site",
            "csm",
        ),
        (
            "Retire the old spreadsheets at the {site} by {date}.",
            "Confirm the old spreadsheets at the {site} are retired",
            "customer",
        ),
    ),
}

# The customer's side of a decision whose action is ours: (action title, owner), owner
# "customer" (the champion), "sponsor" (the executive sponsor), "buyer" or "it" (the decision
# maker). A QBR's plan is mutual: most decisions need something from both sides.
THEIR_SIDE: dict[str, tuple[tuple[str, str], ...]] = {
    "go_live": (("Release the {team} at the {site} for go-live training", "customer"),),
    "rca": (
        ("Confirm the fix holds at the {site}", "customer"),
        ("Send the incident log from the {site} for the review", "it"),
    ),
    "kpi": (("Share the {kpi} figures for {month}", "customer"),),
    "training": (
        ("Book the {team} at the {site} into the training dates", "customer"),
        ("Add Beacon to the induction checklist for new {team}", "customer"),
    ),
    "expansion": (("Bring the {site} leads to the scoping workshop", "customer"),),
    "exec": (("Confirm a date for the executive call", "sponsor"),),
    "renewal": (
        ("Confirm who signs the renewal and the approval steps", "buyer"),
        ("Share the budget timeline for the renewal", "buyer"),
    ),
    "recovery": (
        ("Name an owner at the {site} for each open problem", "sponsor"),
        ("Confirm the recovery plan's dates with the {team}", "customer"),
    ),
    "reference": (("Approve the {uc} case study for publication", "customer"),),
    "next_site": (("Name the rollout lead at the {site}", "customer"),),
    "adoption": (
        ("Retire the old spreadsheets at the {site}", "customer"),
        ("Ask the {site} managers to check the adoption figures weekly", "customer"),
    ),
}

# What we ask for at a planned QBR (one per line in ``qbrs.asks``).
ASKS_GOOD = _split(
    "Agree the go-live date for the {site}|"
    "Confirm budget for {opp_lc} in the {year} plan|"
    "Agree to a case study on {uc}|"
    "Introduce us to the {site} leadership|"
    "Nominate a champion for the {site}|"
    "Share the {kpi} figures for {month} before the meeting"
)
ASKS_BAD = _split(
    "Confirm {sponsor_first} joins for the first 20 minutes|"
    "Decide the renewal scope before {date}|"
    "Name a new owner for the rollout at the {site}|"
    "Agree the recovery plan and its dates|"
    "Share the {kpi} figures for {month} before the meeting"
)

# --------------------------------------------------------------------------- actions

# Onboarding: (action, owner): ours ("csm") and the customer's ("customer", "it").
ACTIONS_ONBOARDING: tuple[tuple[str, str], ...] = (
    ("Send the training schedule to {first}", "csm"),
    ("Set up single sign-on with {it_first}", "csm"),
    ("Agree success criteria for {uc}", "csm"),
    ("Share the admin guide with {it_first}", "csm"),
    ("Confirm go-live date for {uc}", "customer"),
    ("Send the list of first users and their teams", "customer"),
    ("Switch on single sign-on for all users", "it"),
    ("Book the {team} into the first training sessions", "customer"),
)
ACTION_MEET_NEW = "Meet the new {title}, {name}"
ACTION_NEW_CHAMPION = "Find a new champion at the {site}"
ACTION_SAVE_PLAN = "Agree a save plan with {leader} before the renewal"
ACTION_RENEWAL_CASE = "Prepare the renewal business case for {buyer}"
ACTION_RENEWAL_STEPS = "Confirm who signs the renewal and the approval steps"
ACTION_NEW_OWNER = "Name a new owner for the rollout at the {site}"
ACTION_PRE_READ = "Send the pre-read for the {review} to {sponsor_first}"
ACTION_TOPICS = "Send the topics {sponsor_first} wants covered in the review"
ACTION_PROPOSAL = "Send the proposal for {opp_lc}"
ACTION_DETRACTOR = "Call {name} about their survey score"
ACTION_REPORT = "Share the {month} adoption report with {sponsor_first}"
ACTION_EXIT = "Export their data and confirm deletion with {it_first}"

# --------------------------------------------------------------------------- voice of customer

# Fragments are tagged with the survey theme they are about.
NPS_PROMOTER: tuple[tuple[str, str], ...] = (
    ("The {site} would not go back to how it worked before.", "value"),
    ("Next we would like {feature}.", "ease of use"),
    ("Support answers quickly and knows our setup.", "support"),
    ("The {kpi} report is what our leadership looks at now.", "reporting"),
    ("{csm} is the best account manager we have with any supplier.", "support"),
    ("{uc_title} paid for itself within the first year.", "value"),
    ("Our {team} ask for new features instead of complaining.", "ease of use"),
    ("{value} on {kpi}; we did not think that was possible.", "value"),
)
NPS_PASSIVE: tuple[tuple[str, str], ...] = (
    ("It does the job, but {friction_lc}", "ease of use"),
    ("Good product; {friction_lc}", "ease of use"),
    ("Happy overall with {uc}. {friction}", "value"),
    ("We see the value at the {site}; the other sites are slower.", "value"),
    ("Better {kpi}, not yet where we want it. {friction}", "value"),
)
NPS_DETRACTOR: tuple[tuple[str, str], ...] = (
    ("We are paying for far more seats than people use.", "value"),
    (
        "Too many incidents this year; the last one ({incident_lc}) cost us a whole morning.",
        "reliability",
    ),
    (
        "Since {name} left, nobody here really knows the system, and we got little help "
        "rebuilding that.",
        "onboarding",
    ),
    ("We were promised results at the {site} that have not come.", "value"),
    ("Support takes days to give a real answer.", "support"),
    ("Our new leadership does not see why we need it.", "value"),
)
# A CSAT comment is what the ticket was about and how it went: "The user-access request for
# the cardiology ward" + "was done within the hour." Each outcome carries its theme.
CSAT_TOPICS = _split(
    "Our question about {feature}|The user-access request for the {site}|"
    "The broken export of the {kpi} report|Setting up accounts for new {team}|"
    "Our data question on {uc}|The permissions problem at the {site}|"
    "Our request to change the {uc} workflow|The login problem for two {team}"
)
CSAT_OUTCOMES: dict[int, tuple[tuple[str, str], ...]] = {
    5: (
        ("was sorted within the hour, and {support} explained the cause.", "support"),
        ("was answered the same morning with a clear fix.", "support"),
        ("got a patient, precise answer from {support}.", "support"),
    ),
    4: (
        ("was solved in a day; we had to chase once.", "support"),
        ("got a good answer, a bit slow to arrive.", "support"),
        ("was fixed, though the first reply missed the point.", "support"),
    ),
    3: (
        ("took three replies to get past the script.", "support"),
        ("has a workaround; we still need the real fix.", "reliability"),
    ),
    2: (
        ("took two days while the {site} waited.", "support"),
        ("got an answer that did not fit our setup; we fixed it ourselves.", "support"),
    ),
    1: (
        ("is still open after four days while the {team} work on paper.", "support"),
        ("has come back for the third time this quarter.", "reliability"),
    ),
}
CSAT_INCIDENT_TOPIC = "Our P1 ticket ({incident_lc})"

# --------------------------------------------------------------------------- product words

FEATURES = _split(
    "scheduled exports|offline mode in the mobile app|bulk approvals|dashboards per site|"
    "translations for local teams|Teams notifications|audit-log exports|SMS alerts|"
    "read-only access for managers|conditional approval rules|faster search|"
    "saved report filters"
)

# Why an account left or shrank, by the cause of its decline.
CHURN_REASONS: dict[str, tuple[str, ...]] = {
    "champion_left": _split(
        "nobody owned the rollout after their champion left|"
        "the team lost its internal owner and usage never recovered"
    ),
    "new_sponsor": _split(
        "their new {sponsor_title} consolidated on the tools of a previous employer|"
        "new leadership standardised on another platform"
    ),
    "outages": _split(
        "they lost confidence after repeated incidents|"
        "the incidents this year cost them more than the product saved"
    ),
    "budget": _split(
        "a budget cut forced them to drop every tool without proven savings|"
        "cost: their software budget was cut by a third"
    ),
    "competitor": _split(
        "they moved to {competitor}, which came bundled with their ERP|"
        "{competitor} offered the same for less"
    ),
    "low_adoption": _split(
        "adoption never got past the first site, so they could not justify the cost|"
        "too few people used it to justify the renewal"
    ),
    "merger": _split(
        "the new parent company runs {competitor} everywhere|"
        "the merger moved every site to the parent's platform"
    ),
}
