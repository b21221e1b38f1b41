"""Account Success Planner: the Qt-free core (domain, store, services, reports, CLI)."""

__version__ = "0.1.0"
APP_NAME = "Account Success Planner"
