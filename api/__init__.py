"""The versioned JSON API (/api/v1/): invitations sent by other systems, and open data.

It presents what the other apps hold and owns no business rule: each endpoint parses, checks the token, calls
one service or selector, and serialises. Built on django-ninja (docs/api.md says why).
"""
