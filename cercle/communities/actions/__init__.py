"""Every write to communities, memberships, invitations and groups goes through these actions.

Each takes keyword-only arguments, runs in one transaction, raises lib.errors.Refused with a
message for the user when it cannot be done, and records its activity event.
"""
