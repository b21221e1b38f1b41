"""The account workspace's tabs, in order: the one list to extend (e.g. a Health tab after
Overview, a QBR tab at the end) with a :class:`~ui.pages.workspace.TabSpec` each."""

from __future__ import annotations

from ui.health.panel import AccountHealthPanel
from ui.pages.tabs.actions import ActionsTab
from ui.pages.tabs.expansion import ExpansionTab
from ui.pages.tabs.overview import OverviewTab
from ui.pages.tabs.stakeholders import StakeholdersTab
from ui.pages.tabs.success_plan import SuccessPlanTab
from ui.pages.tabs.timeline import TimelineTab
from ui.pages.tabs.use_cases import UseCasesTab
from ui.pages.tabs.voice import VoiceTab
from ui.pages.workspace import TabSpec
from ui.qbr.builder import QbrBuilder


def workspace_tabs() -> list[TabSpec]:
    return [
        TabSpec("overview", "Overview", OverviewTab),
        TabSpec("health", "Health", AccountHealthPanel),
        TabSpec("plan", "Success Plan", SuccessPlanTab),
        TabSpec("stakeholders", "Stakeholders", StakeholdersTab),
        TabSpec("use_cases", "Use Cases", UseCasesTab),
        TabSpec("actions", "Actions", ActionsTab),
        TabSpec("timeline", "Timeline", TimelineTab),
        TabSpec("voice", "Voice of Customer", VoiceTab),
        TabSpec("expansion", "Expansion", ExpansionTab),
        TabSpec("qbr", "QBRs", QbrBuilder),
    ]
