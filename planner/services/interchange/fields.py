"""What can be imported, per kind of record, and which CRM headers fill each field.

Headers are compared after *normalising*: lower case, a Salesforce custom-field ``__c``
suffix dropped, and everything but letters and digits removed (``Account Name``,
``account_name`` and ``AccountName`` all become ``accountname``). Each field lists its aliases
in order of preference; the first header that matches the best alias wins, and a header fills
at most one field. Covered out of the box:

* Salesforce report exports ("Account Name", "Account ID", "Billing Country", "Contact ID",
  "First Name", "Subject", "Due Date", "Close Date"...),
* Salesforce Data Loader API names ("Id", "Name", "NumberOfEmployees", "AccountId",
  "FirstName", "ActivityDate", "CurrencyIsoCode"...),
* HubSpot company, contact and task exports ("Record ID", "Company name", "Company Domain
  Name", "Associated Company", "Task Title", "Task Status"...),
* this app's own CSV export (``crm_id``, ``arr_minor``...).

Deliberately *not* mapped: Salesforce/HubSpot "Annual Revenue" (the customer's own revenue,
not the ARR you earn from them), HubSpot "Lifecycle Stage" (a marketing funnel, not the
customer journey), "OwnerId" (an id, not a name). You can still map them by hand.

Enumerations accept their value or label ("mid_market", "Mid-market"), plus the few CRM
spellings listed in each field's ``synonyms`` (exact, case-insensitive); anything else is an
error listing the choices, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.domain import enums as e

TEXT, INTEGER, MONEY, MINOR, DATE, BOOL, ENUM, LIST = (
    "text",
    "integer",
    "money",
    "minor",
    "date",
    "bool",
    "enum",
    "list",
)
NUMERIC_TYPES = frozenset({INTEGER, MONEY})


def normalise_header(text: str) -> str:
    """``Account Name`` / ``account_name`` / ``ARR__c`` -> ``accountname`` / ``arr``."""
    folded = text.strip().casefold()
    folded = re.sub(r"\s*\(\d+\)$", "", folded)  # "Email (2)" made unique by the reader
    folded = folded.removesuffix("__c")
    return re.sub(r"[^0-9a-z]", "", folded)


@dataclass(frozen=True, slots=True)
class TargetField:
    key: str
    label: str
    value_type: str
    aliases: tuple[str, ...] = ()
    enum: type[e.LabelledEnum] | None = None
    synonyms: Mapping[str, str] = field(default_factory=dict)
    implies: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """alias -> constants that matching this alias implies (an "NPS" column is an NPS score)."""
    help: str = ""

    def choices(self) -> str:
        if self.enum is None:
            return ""
        return ", ".join(m.label for m in self.enum)

    def parse_enum(self, text: str) -> e.LabelledEnum:
        """The member ``text`` names (value, label or a listed CRM synonym); ValueError if none."""
        assert self.enum is not None
        try:
            return self.enum.parse(text)
        except ValueError:
            pass
        key = _squash(text)
        for synonym, value in self.synonyms.items():
            if _squash(synonym) == key:
                return self.enum(value)
        raise ValueError(text)


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Kind:
    key: str
    label: str
    noun: str
    fields: tuple[TargetField, ...]
    needs: tuple[tuple[str, ...], ...]
    """Each entry: at least one of these fields must be mapped (or given a fixed value)."""
    description: str

    def field(self, key: str) -> TargetField:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)


ACCOUNT_REF = (
    TargetField(
        "account_crm_id",
        "Account CRM id",
        TEXT,
        (
            "accountcrmid",
            "accountid",
            "associatedcompanyid",
            "companyid",
            "associatedcompanyidsprimary",
            "hubspotcompanyid",
        ),
        help="links the row to an account by the account's CRM id",
    ),
    TargetField(
        "account_name",
        "Account name",
        TEXT,
        (
            "accountname",
            "account",
            "companyname",
            "associatedcompany",
            "company",
            "companynameprimary",
        ),
        help="links the row to the account with exactly this name",
    ),
)

ACCOUNTS = Kind(
    "accounts",
    "Accounts (companies)",
    "account",
    (
        TargetField(
            "crm_id",
            "CRM id",
            TEXT,
            (
                "crmid",
                "accountid",
                "recordid",
                "companyid",
                "hubspotcompanyid",
                "accountnumber",
                "externalid",
                "id",
            ),
            help="the account's id in your CRM; re-importing updates the same account",
        ),
        TargetField("name", "Name", TEXT, ("name", "accountname", "companyname", "company")),
        TargetField(
            "tier",
            "Tier",
            ENUM,
            ("tier", "customertier", "accounttier", "segment", "customersegment"),
            enum=e.Tier,
            synonyms={
                "mid market": "mid_market",
                "midmarket": "mid_market",
                "mm": "mid_market",
                "small business": "smb",
                "small and medium business": "smb",
                "ent": "enterprise",
                "key account": "strategic",
            },
        ),
        TargetField("industry", "Industry", TEXT, ("industry",)),
        TargetField(
            "region",
            "Region",
            TEXT,
            (
                "region",
                "territory",
                "billingcountry",
                "countryregion",
                "country",
                "shippingcountry",
            ),
        ),
        TargetField(
            "employee_count",
            "Employee count",
            INTEGER,
            ("employeecount", "employees", "numberofemployees"),
        ),
        TargetField(
            "lifecycle_stage",
            "Lifecycle stage",
            ENUM,
            (
                "lifecyclestageinapp",
                "customerstage",
                "csstage",
                "journeystage",
                "customersuccessstage",
            ),
            enum=e.LifecycleStage,
            synonyms={
                "value realization": "value_realisation",
                "churn": "churned",
                "onboard": "onboarding",
                "advocate": "advocacy",
            },
        ),
        TargetField(
            "arr_minor",
            "ARR in minor units (cents)",
            MINOR,
            ("arrminor",),
            help="integer cents, as written by this app's CSV export",
        ),
        TargetField(
            "arr",
            "ARR",
            MONEY,
            (
                "arr",
                "annualrecurringrevenue",
                "currentarr",
                "arrusd",
                "totalarr",
                "recurringrevenue",
            ),
            help="annual recurring revenue in the account's currency",
        ),
        TargetField(
            "currency",
            "Currency",
            TEXT,
            ("currency", "currencyisocode", "accountcurrency", "currencycode"),
        ),
        TargetField(
            "contract_start",
            "Contract start",
            DATE,
            ("contractstart", "contractstartdate", "customersince", "startdate"),
        ),
        TargetField(
            "renewal_date",
            "Renewal date",
            DATE,
            ("renewaldate", "nextrenewaldate", "contractenddate", "contractend", "renewal"),
        ),
        TargetField(
            "owner",
            "CSM owner",
            TEXT,
            (
                "owner",
                "csmowner",
                "csm",
                "customersuccessmanager",
                "accountowner",
                "companyowner",
                "ownername",
                "accountownername",
            ),
        ),
        TargetField("strategic", "Strategic", BOOL, ("strategic", "strategicaccount")),
        TargetField(
            "website", "Website", TEXT, ("website", "websiteurl", "companydomainname", "domain")
        ),
        TargetField("notes", "Notes", TEXT, ("notes", "description", "accountdescription")),
        TargetField("archived", "Archived", BOOL, ("archived",)),
    ),
    needs=(("name", "crm_id"),),
    description="Companies from a Salesforce account report or Data Loader export, or a "
    "HubSpot company export. Rows are matched by CRM id (or, for accounts without one, by "
    "exact name), so importing the same file again updates them.",
)

STAKEHOLDERS = Kind(
    "stakeholders",
    "Stakeholders (contacts)",
    "stakeholder",
    (
        TargetField("crm_id", "CRM id", TEXT, ("crmid", "contactid", "recordid", "id")),
        *ACCOUNT_REF,
        TargetField("name", "Full name", TEXT, ("name", "fullname", "contactname", "contact")),
        TargetField("first_name", "First name", TEXT, ("firstname", "givenname")),
        TargetField("last_name", "Last name", TEXT, ("lastname", "surname", "familyname")),
        TargetField("job_title", "Job title", TEXT, ("jobtitle", "title")),
        TargetField("email", "Email", TEXT, ("email", "emailaddress", "workemail")),
        TargetField(
            "phone",
            "Phone",
            TEXT,
            (
                "phone",
                "phonenumber",
                "businessphone",
                "workphone",
                "mobilephone",
                "mobilephonenumber",
            ),
        ),
        TargetField(
            "side",
            "Side",
            ENUM,
            ("side",),
            enum=e.Side,
            synonyms={
                "external": "customer",
                "client": "customer",
                "vendor": "internal",
                "us": "internal",
            },
        ),
        TargetField(
            "role",
            "Role",
            ENUM,
            ("role", "stakeholderrole", "contactrole", "buyingrole"),
            enum=e.StakeholderRole,
            synonyms={
                "sponsor": "executive_sponsor",
                "exec sponsor": "executive_sponsor",
                "economic decision maker": "economic_buyer",
                "business user": "end_user",
                "user": "end_user",
                "poc": "point_of_contact",
                "primary contact": "point_of_contact",
                "blocker": "detractor",
            },
        ),
        TargetField("influence", "Influence (1-5)", INTEGER, ("influence",)),
        TargetField("sentiment", "Sentiment (-2..+2)", INTEGER, ("sentiment",)),
        TargetField(
            "last_contact",
            "Last contact",
            DATE,
            ("lastcontact", "lastcontacted", "lastcontactdate", "lastactivitydate", "lastactivity"),
        ),
        TargetField(
            "left_company",
            "Left the company",
            BOOL,
            ("leftcompany", "nolongerwithcompany", "inactive"),
        ),
        TargetField("notes", "Notes", TEXT, ("notes", "description")),
    ),
    needs=(("name", "first_name", "last_name"), ("account_crm_id", "account_name")),
    description="People from a Salesforce contact report or Data Loader export, or a HubSpot "
    "contact export. Each is linked to an account by the account's CRM id or exact name; "
    "rows are matched by CRM id, then email, then name within the account.",
)

ACTIONS = Kind(
    "actions",
    "Action items (tasks)",
    "action item",
    (
        TargetField("crm_id", "CRM id", TEXT, ("crmid", "activityid", "taskid", "recordid", "id")),
        *ACCOUNT_REF,
        TargetField("title", "Title", TEXT, ("title", "subject", "tasktitle", "taskname")),
        TargetField(
            "description",
            "Description",
            TEXT,
            ("description", "comments", "notes", "tasknotes", "body"),
        ),
        TargetField(
            "owner_name",
            "Owner",
            TEXT,
            ("owner", "ownername", "assigned", "assignedto", "taskowner", "assignedtoname"),
        ),
        TargetField(
            "due_date", "Due date", DATE, ("duedate", "activitydate", "due", "taskduedate")
        ),
        TargetField(
            "status",
            "Status",
            ENUM,
            ("status", "taskstatus"),
            enum=e.ActionStatus,
            synonyms={
                "not started": "open",
                "new": "open",
                "to do": "open",
                "todo": "open",
                "completed": "done",
                "complete": "done",
                "closed": "done",
                "waiting on someone else": "blocked",
                "waiting": "blocked",
                "deferred": "blocked",
                "canceled": "cancelled",
            },
        ),
        TargetField(
            "priority",
            "Priority",
            ENUM,
            ("priority", "taskpriority"),
            enum=e.Priority,
            synonyms={"normal": "medium", "urgent": "critical", "highest": "critical"},
        ),
        TargetField("type", "Type", ENUM, ("actiontype",), enum=e.ActionType),
        TargetField(
            "completed_on",
            "Completed on",
            DATE,
            ("completedon", "completeddate", "completiondate", "completedat"),
        ),
    ),
    needs=(("title",), ("account_crm_id", "account_name")),
    description="Tasks from a Salesforce activity report or Data Loader export, or a HubSpot "
    "task export. Rows are matched by CRM id, then by account, title and due date.",
)

SURVEYS = Kind(
    "surveys",
    "Survey responses (NPS / CSAT)",
    "survey response",
    (
        TargetField(
            "crm_id",
            "Response id",
            TEXT,
            ("crmid", "responseid", "surveyresponseid", "recordid", "id"),
        ),
        *ACCOUNT_REF,
        TargetField(
            "stakeholder_crm_id",
            "Respondent CRM id",
            TEXT,
            ("stakeholdercrmid", "contactid", "respondentid"),
        ),
        TargetField(
            "stakeholder_email",
            "Respondent email",
            TEXT,
            ("respondentemail", "contactemail", "email", "emailaddress"),
        ),
        TargetField(
            "responded_on",
            "Date",
            DATE,
            (
                "respondedon",
                "responsedate",
                "surveydate",
                "submitteddate",
                "submittedat",
                "submissiondate",
                "date",
                "createddate",
                "createdate",
            ),
        ),
        TargetField(
            "kind",
            "Survey kind (NPS or CSAT)",
            ENUM,
            ("kind", "surveykind", "surveytype", "type"),
            enum=e.SurveyKind,
            synonyms={
                "net promoter score": "nps",
                "net promoter": "nps",
                "customer satisfaction": "csat",
            },
        ),
        TargetField(
            "score",
            "Score",
            INTEGER,
            ("score", "rating", "npsscore", "nps", "csatscore", "csat", "likelihoodtorecommend"),
            implies={
                "npsscore": {"kind": "nps"},
                "nps": {"kind": "nps"},
                "likelihoodtorecommend": {"kind": "nps"},
                "csatscore": {"kind": "csat"},
                "csat": {"kind": "csat"},
            },
        ),
        TargetField(
            "comment",
            "Comment",
            TEXT,
            ("comment", "comments", "feedback", "verbatim", "reason", "response"),
        ),
        TargetField(
            "themes",
            "Themes",
            LIST,
            ("themes", "theme", "tags", "topics"),
            help="several themes separated by ; or ,",
        ),
    ),
    needs=(("account_crm_id", "account_name"), ("responded_on",), ("score",), ("kind",)),
    description="NPS (0-10) or CSAT (1-5) answers. If the file has no survey-kind column, "
    "choose NPS or CSAT for all rows. Re-importing skips responses already in the book.",
)

REVENUE = Kind(
    "revenue",
    "Revenue events (ARR changes)",
    "revenue event",
    (
        TargetField(
            "crm_id", "CRM id", TEXT, ("crmid", "eventid", "opportunityid", "recordid", "id")
        ),
        *ACCOUNT_REF,
        TargetField(
            "occurred_on",
            "Date",
            DATE,
            ("occurredon", "date", "closedate", "effectivedate", "eventdate", "bookingdate"),
        ),
        TargetField(
            "kind",
            "Kind",
            ENUM,
            ("kind", "revenuekind", "revenuetype", "eventtype", "type"),
            enum=e.RevenueKind,
            synonyms={
                "new business": "new",
                "new customer": "new",
                "upsell": "expansion",
                "cross sell": "expansion",
                "existing customer upgrade": "expansion",
                "existing customer - upgrade": "expansion",
                "downsell": "contraction",
                "downgrade": "contraction",
                "existing customer downgrade": "contraction",
                "existing customer - downgrade": "contraction",
                "cancellation": "churn",
                "churned": "churn",
                "renewed": "renewal",
            },
        ),
        TargetField(
            "amount_minor",
            "ARR change in minor units (cents)",
            MINOR,
            ("arrdeltaminor", "amountminor"),
        ),
        TargetField(
            "amount", "ARR change", MONEY, ("arrdelta", "arrchange", "amount", "arr", "change")
        ),
        TargetField("currency", "Currency", TEXT, ("currency", "currencyisocode")),
        TargetField("note", "Note", TEXT, ("note", "notes", "description")),
    ),
    needs=(
        ("account_crm_id", "account_name"),
        ("occurred_on",),
        ("kind",),
        ("amount", "amount_minor"),
    ),
    description="Changes of ARR: new business, expansion, contraction (negative), churn "
    "(negative) and renewals. The account's ARR is recomputed from its events.",
)

KINDS: dict[str, Kind] = {k.key: k for k in (ACCOUNTS, STAKEHOLDERS, ACTIONS, SURVEYS, REVENUE)}
KIND_ALIASES = {
    "account": "accounts",
    "companies": "accounts",
    "company": "accounts",
    "stakeholder": "stakeholders",
    "contacts": "stakeholders",
    "contact": "stakeholders",
    "action": "actions",
    "action-items": "actions",
    "action_items": "actions",
    "tasks": "actions",
    "task": "actions",
    "survey": "surveys",
    "survey-responses": "surveys",
    "survey_responses": "surveys",
    "nps": "surveys",
    "csat": "surveys",
    "revenue-events": "revenue",
    "revenue_events": "revenue",
    "revenue-event": "revenue",
}


def kind(name: str) -> Kind:
    """The kind called ``name`` (or one of its aliases: companies, contacts, tasks...)."""
    key = name.strip().casefold()
    key = KIND_ALIASES.get(key, key)
    if key not in KINDS:
        raise KeyError(name)
    return KINDS[key]
