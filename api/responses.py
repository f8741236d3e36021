"""GET /api/v1/responses: a system with a token allowed to read responses reads the residents' answers given at
its service points (surveys/selectors.responses_for_token), a page at a time, oldest first.

Contact details (the name, email and phone a resident gave when asking to be contacted) are sent only to a token
allowed them; for any other token the `contact` field is null, as it is when the resident gave none or took them
back. Comments are sent as stored, with the personal data masked at submission.
"""

from datetime import date, datetime
from math import ceil
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.params import P, QueryEx

from accounts.api_tokens import require_response_reading, service_point_for
from accounts.models import ApiToken
from api.errors import ErrorsOut
from api.invitations import MAX_ID
from api.security import TokenAuth, token_of
from surveys.models import Response
from surveys.selectors import responses_for_token

router = Router(tags=["responses"], auth=TokenAuth())

PAGE_SIZE = 100


class AnswerOut(Schema):
    question: int = Field(description="The question's id.")
    question_text: str
    driver: str = Field(description="The A-11 driver the question measures; empty for other questions.")
    score: int | None = Field(description="1 to 5 on a five-point question; null otherwise.")
    satisfied: bool | None = Field(description="A 4 or 5, or a thumbs up; null when the question has no verdict.")
    number: int | None = Field(description="The number given to a numeric question.")
    text: str = Field(description="A comment, with personal data masked when it was stored.")
    choices: list[str] = Field(description="The options ticked on a checklist question.")


class ContactOut(Schema):
    name: str
    email: str
    phone: str


class ResponseOut(Schema):
    id: int
    submitted_at: datetime
    survey: int
    survey_title: str
    department_code: str
    service_point: int
    channel: str
    language: str
    page_path: str = Field(description="The path of the web page whose feedback button led here; empty otherwise.")
    status: str = Field(description="received, acknowledged, dispatched or responded.")
    wants_contact: bool = Field(description="The resident asked to be contacted.")
    contact: ContactOut | None = Field(
        description="Only for a token allowed to read contact details, and only when the resident gave them."
    )
    answers: list[AnswerOut]


class ResponsesOut(Schema):
    count: int = Field(description="Responses matching the filters, on all pages.")
    page: int
    pages: int
    page_size: int
    results: list[ResponseOut]


def _contact(response: Response, token: ApiToken) -> dict[str, str] | None:
    if not token.may_read_contact_details or not response.wants_contact or response.contact_withdrawn:
        return None
    return {"name": response.contact_name, "email": response.contact_email, "phone": response.contact_phone}


def _response(response: Response, token: ApiToken) -> dict[str, Any]:
    return {
        "id": response.pk,
        "submitted_at": response.submitted_at,
        "survey": response.survey_id,
        "survey_title": response.survey.title,
        "department_code": response.department.code,
        "service_point": response.service_point_id,
        "channel": response.channel,
        "language": response.language,
        "page_path": response.page_path,
        "status": response.status,
        "wants_contact": response.wants_contact,
        "contact": _contact(response, token),
        "answers": [
            {
                "question": answer.question_id,
                "question_text": answer.question.text,
                "driver": answer.driver,
                "score": answer.score,
                "satisfied": answer.satisfied,
                "number": answer.number,
                "text": answer.text,
                "choices": [str(choice) for choice in answer.choices],
            }
            for answer in response.answers.all()
        ],
    }


@router.get(
    "/responses",
    response={200: ResponsesOut, 400: ErrorsOut, 401: ErrorsOut, 403: ErrorsOut, 429: ErrorsOut},
    summary="Read residents' responses at the token's service points",
)
def list_responses(
    request: HttpRequest,
    since: QueryEx[date | None, P(description="The first local day, YYYY-MM-DD (included).")] = None,
    until: QueryEx[date | None, P(description="The last local day, YYYY-MM-DD (included).")] = None,
    service_point: QueryEx[int | None, P(description="One of the token's service points.", ge=1, le=MAX_ID)] = None,
    page: QueryEx[int, P(description=f"The page, {PAGE_SIZE} responses each.", ge=1, le=MAX_ID)] = 1,
) -> dict[str, Any]:
    """The responses that count (not spam, not deleted), oldest first. Needs a token allowed to read responses
    (403 otherwise); a service point the token was not issued for is a 403."""
    token = token_of(request)
    require_response_reading(token)
    if since and until and since > until:
        raise ValidationError({"until": [_("The last day comes before the first.")]})
    point = service_point_for(token, service_point) if service_point is not None else None
    responses = responses_for_token(token, since=since, until=until, service_point=point)
    count = responses.count()
    start = (page - 1) * PAGE_SIZE
    return {
        "count": count,
        "page": page,
        "pages": max(1, ceil(count / PAGE_SIZE)),
        "page_size": PAGE_SIZE,
        "results": [_response(response, token) for response in responses[start : start + PAGE_SIZE]],
    }
