"""The operations of training, one module per part of the work; views, tasks, commands and tests import
them from these modules (nothing is re-exported here):

- modules: writing and publishing module content;
- sessions: scheduling, rosters, attendance and check-in;
- learning: what attendees and self-paced learners write afterwards (reflections, feedback, the wall);
- commitments: following commitments up, and the reminders that ask for it;
- certificates: awarding and withdrawing program certificates as completions come and go.

Each operation is keyword-only, runs in one transaction, and takes `by=` (the User who acted) when a person
other than the learner themselves triggers it. They raise only ValidationError (with a `code` where a view
tells cases apart) and PermissionDenied (serviceculture/errors.py).
"""
