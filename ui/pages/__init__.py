"""The main window's pages and the account workspace's tabs."""
