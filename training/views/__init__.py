"""Training pages, thin: parse input, check access through org.access, call a service, render. One module per
family of pages: modules, sessions (roster, attendance, check-in), attendees (what people who came do
afterwards), learning (self-paced and my training), commitments, people (coverage, certificates, programs).
Public pages (certificate checks) are in training/public_views.py."""
