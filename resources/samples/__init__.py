"""Sample CRM exports for trying the import (File > Import..., or ``planner import``).

They describe one small book and link to each other by CRM id, so importing them in this order
fills it: accounts, then contacts, then tasks, survey responses and revenue.

* ``salesforce_accounts_report.csv``: a Salesforce account report ("Export Details"), UTF-8,
  US dates, with the report footer Salesforce adds (skipped on import).
* ``salesforce_contacts_dataloader.csv``: Salesforce contacts from Data Loader (API names).
* ``salesforce_tasks_report.csv``: open and completed tasks from a Salesforce activity report.
* ``hubspot_companies.csv`` / ``hubspot_contacts.csv``: HubSpot exports (UTF-8 with BOM,
  ISO dates), another way to start the same book.
* ``nps_survey_export.csv``: NPS answers from a survey tool on a German Windows machine:
  Windows-1252, semicolons, day-first dates.
* ``revenue_events.csv``: ARR changes (amounts with a decimal comma, so the import asks).
"""
