"""PowerPoint templates: ``qbr_default.pptx`` (16:9, built by ``build_default_template.py``)."""
