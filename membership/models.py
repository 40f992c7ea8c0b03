"""Membership: the signup page and the application workflow."""
