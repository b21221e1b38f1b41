"""The tabs of the account workspace, one module each."""
