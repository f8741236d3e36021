"""Thin views: parse input, check access, call a service, render. One module per area."""
