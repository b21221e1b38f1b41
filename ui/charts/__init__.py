"""Chart widgets: the matplotlib canvas and one ready-made widget per chart."""
