"""The QBR builder (a tab of the account workspace) and the batch export dialog."""

from ui.qbr.batch import BatchExportDialog
from ui.qbr.builder import QbrBuilder

__all__ = ["BatchExportDialog", "QbrBuilder"]
