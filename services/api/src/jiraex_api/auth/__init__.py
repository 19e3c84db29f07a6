"""Who may call what: session cookies and bearer tokens, CSRF and origin checks, the admin guard."""
