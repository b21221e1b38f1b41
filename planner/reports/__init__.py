"""Reports: charts, decks, PDFs and exports built from DTOs."""
