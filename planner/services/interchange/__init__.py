"""Moving data in and out of a book: CSV import from CRM exports, CSV export, the JSON archive,
and merging two copies of a book.

* :mod:`.csvio`: reading untrusted CSV (encoding and delimiter detection, streaming in bounded
  memory with line numbers, Salesforce report footers) and writing safe CSV.
* :mod:`.fields`: what can be imported for each kind of record, and the CRM header names that
  map to it automatically (Salesforce reports and Data Loader, HubSpot).
* :mod:`.values`: turning cell text into dates, amounts and numbers without guessing.
* :mod:`.mapping`: column mappings (automatic, edited, saved by name in the book or a file).
* :mod:`.importer`: preview, format questions, and the all-or-nothing import itself.
* :mod:`.export`: CSV per table and the versioned JSON archive (export and import).
* :mod:`.merge`: merging a copy of the book back, by edit-session version vectors.
"""
