"""The QBR builder (the QBRs tab of the account workspace), its pieces, and the batch export
dialog."""

from ui.qbr.batch import BatchExportDialog
from ui.qbr.builder import QbrBuilder

__all__ = ["BatchExportDialog", "QbrBuilder"]
