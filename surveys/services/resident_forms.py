"""What a resident's form is made of, read once per process for each version of it.

Every showing and every sending of a form needs the same rows: the link with its survey, service point and
department, the survey's questions and the service point's staff. Reading them through the ORM costs more CPU
than all the rest of a submission (three statements to compile, one joining four tables of translated columns,
and two dozen model instances to build), and for an open link (a poster's, a website's: where the crowds
come) they are the same rows for every resident.

So an open link's rows are kept in this process, under a version that PostgreSQL gives in one short statement
per request: the row versions of the link, its survey, service point and department, of each question and of
each staff member and membership. A row's version is the transaction that wrote it (`xmin`) and where it was
written (`ctid`): every UPDATE writes a new row, at a new place, so even two changes inside one transaction
are told apart. Whatever changes one of them,
a form, the admin, a bulk UPDATE or a script, changes the version, and the rows are read again; a closed or
deleted link is not found at all. Nothing has to be invalidated, and no stale form is ever shown. What depends
on the day (a survey's opening and closing dates, an OMB approval's expiry) is checked on every request by
`responses.check_link_takes_answers`, as before.

A single-use link is read every time: it is answered once, and its `used_at` changes when it is. Other
databases than PostgreSQL (the zero-setup SQLite of `make run`) have no row versions: there every request
reads the rows.

The kept objects are shared by the threads of a process: callers read them and never change them.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.http import Http404

from org.models import Department, Employee, ServicePoint
from surveys.models import LinkKind, Question, Survey, SurveyLink

# A few hundred live open links; an entry is some twenty model instances. Versions left behind by an edit
# fall out of the cache as newer ones come in.
KEPT_FORMS = 500


@dataclass(frozen=True)
class ResidentForm:
    link: SurveyLink  # with its survey, service point and the service point's department
    questions: tuple[Question, ...]
    staff: tuple[Employee, ...]  # the active staff of the service point, for the compliment's list
    version: str = ""  # empty when read without one (not kept): a page made from it is not kept either


def resident_form(token: str) -> ResidentForm:
    """The form of the active link `token`, or Http404."""
    if connection.vendor != "postgresql":
        return _read(token)
    found = _version(token)
    if found is None:
        raise Http404("No such link.")
    kind, version = found
    if kind != LinkKind.OPEN:
        return _read(token)
    return _kept(token, version)


@lru_cache(maxsize=KEPT_FORMS)
def _kept(token: str, version: str) -> ResidentForm:
    return _read(token, version)


def _read(token: str, version: str = "") -> ResidentForm:
    link = (
        SurveyLink.objects.select_related("survey", "service_point__department")
        .filter(token=token, active=True)
        .first()
    )
    if link is None:
        raise Http404("No such link.")
    return ResidentForm(
        link=link,
        questions=tuple(link.survey.questions.all()),
        staff=tuple(link.service_point.staff.filter(active=True).only("first_name", "last_name")),
        version=version,
    )


def _version(token: str) -> tuple[str, str] | None:
    """(kind, version) of the active link `token`, or None."""
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL, [token])
        return cursor.fetchone()


_STAFF = ServicePoint.staff.through._meta.db_table
VERSION_SQL = f"""
SELECT link.kind,
       md5(concat_ws('/', link.xmin, link.ctid, survey.xmin, survey.ctid, point.xmin, point.ctid,
           department.xmin, department.ctid,
           (SELECT string_agg(question.id || '.' || question.xmin || question.ctid, ',' ORDER BY question.id)
              FROM {Question._meta.db_table} question WHERE question.survey_id = link.survey_id),
           (SELECT string_agg(member.id || '.' || member.xmin || member.ctid || employee.xmin || employee.ctid, ','
                              ORDER BY member.id)
              FROM {_STAFF} member JOIN {Employee._meta.db_table} employee ON employee.id = member.employee_id
             WHERE member.servicepoint_id = link.service_point_id)))
  FROM {SurveyLink._meta.db_table} link
  JOIN {Survey._meta.db_table} survey ON survey.id = link.survey_id
  JOIN {ServicePoint._meta.db_table} point ON point.id = link.service_point_id
  JOIN {Department._meta.db_table} department ON department.id = point.department_id
 WHERE link.token = %s AND link.active
"""
