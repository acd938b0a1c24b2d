"""Analyses over the store: dyadic series, the relationship network (more to come:
balance, escalation, ledgers, briefs; see the open issues)."""
