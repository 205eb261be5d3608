"""The `policybot` command line and the terminal chat."""
