"""Capturing meetings and e-mails from the files calendar and mail programs save (.ics, .eml)
into an account's timeline. Qt-free: the CLI (``planner log``) and the GUI's drag and drop
both read files with :mod:`~planner.services.capture.sources` and log them with
:mod:`~planner.services.capture.log`."""
