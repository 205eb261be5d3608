"""Who may do what (roles) and what is kept or deleted of a user's data (privacy)."""
