"""Staff pages of the surveys app, thin: parse input, check access through org.access, call a service, render.
One module per family of pages: builder (surveys, questions, preview, new versions), links (links, posters,
QR codes, batches of single-use links), inbox (the inbox, a response, triage, compliments, follow-ups,
exports). The resident's pages are in surveys/public_views.py."""
