"""Services: one module per area. Each public function is one unit of work that validates its
input and returns frozen DTOs. The UI and the CLI call these, never the store."""
