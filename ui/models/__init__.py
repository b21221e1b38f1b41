"""Qt item models over lists of service DTOs (see :mod:`ui.models.table`)."""
