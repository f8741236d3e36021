"""The operations of the surveys app, one module per part of a survey's life: builder (surveys and their
questions, the A-11 templates), links (issuing links, counting their views), responses (a resident's
submission and the follow-up email it may ask for), paperwork (warning owners before a survey's OMB approval
expires), invitations (a resident invited by another system through the API: sampling, suppression, the email
and its one reminder).

Triage (what staff do with a response afterwards) is in surveys/triage.py.

Rules of the house here:
- Every write a person makes names them with `by=` and records it: a survey keeps who made it and who last
  changed it or its questions (`created_by`, `updated_by`), a link who made it. The A-11 builders and
  `create_links` also take `by=None`, for a script that acts for no one (seed_demo, a benchmark).
- A refusal is a ValidationError with a message a person can read. Its `code` tells apart the cases a view
  answers differently: the resident's page is a 409 for LINK_ALREADY_USED and a 410 for SURVEY_NOT_ACCEPTING
  and PAPERWORK_EXPIRED.
- A resident is anonymous: `submit_response` and `record_link_view` record no one.
"""
