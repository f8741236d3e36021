"""Who answered: the one definition of which answers count as residents' figures.

Every figure that leaves the building or moves pay (the A-11 filing, /standards/, dashboards, the service
culture index, the annual report, the evaluation evidence panel) counts residents only. Internal-customer
surveys (staff rating another department as a service provider) are reported in a section of their own and
never mixed in. Filter with these helpers rather than naming the audience inline.
"""

from django.db.models import Q

from surveys.models import Audience


def answered_by_residents(survey_path: str = "survey") -> Q:
    """Rows (responses, answers, report rows) whose survey is a residents' survey.

    `survey_path` is the lookup from the filtered model to its Survey: "survey" for a Response or a report
    row, "response__survey" for an Answer.
    """
    return Q(**{f"{survey_path}__audience": Audience.RESIDENTS})


def answered_by_staff(survey_path: str = "survey") -> Q:
    """Rows whose survey is an internal-customer survey: staff rating another department."""
    return Q(**{f"{survey_path}__audience": Audience.INTERNAL})
