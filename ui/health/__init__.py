"""Health and metrics screens: the account health panel, the health model dialog, recording
health for the whole book, and the portfolio metrics view."""
