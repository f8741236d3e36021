"""POST /api/v1/invitations: another system asks us to invite the resident it just served
(surveys/services/invitations.py holds the rules: sampling, suppression, the email)."""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from accounts.api_tokens import service_point_for
from api.errors import ErrorsOut
from api.security import TokenAuth, token_of
from surveys.services.invitations import INVITED, invite

router = Router(tags=["invitations"], auth=TokenAuth())

MAX_ID = 2**63 - 1  # ids are 64-bit: a larger number is a bad request, not a database error


class InvitationIn(Schema):
    service_point: int = Field(description="The id of the service point that served the resident.", ge=1, le=MAX_ID)
    channel: str = Field(
        description="How the transaction happened: counter, phone, email, web, field, mail or chat.",
        examples=["counter"],
    )
    email: str = Field(
        "",
        description="The resident's address: when given, we email the invitation and keep the address only until "
        "it is sent.",
    )
    language: str = Field("en", description="The language of the email: en or es.")


class InvitationOut(Schema):
    invited: bool = Field(description="False when sampling or a recent invitation of the same address left it out.")
    outcome: str = Field(description="invited, sampled_out or recently_invited.")
    url: str | None = Field(None, description="The single-use survey link, to hand to the resident.")
    emailed: bool = Field(False, description="Whether an email is on its way to the address given.")


@router.post(
    "/invitations",
    response={201: InvitationOut, 200: InvitationOut, 400: ErrorsOut, 401: ErrorsOut, 403: ErrorsOut, 429: ErrorsOut},
    summary="Invite a resident to rate a transaction",
    description="Counts one transaction at the service point and, unless the service point's sampling or a recent "
    "invitation of the same address leaves it out (200, invited false), creates a single-use survey link (201). "
    "With an email address the invitation is emailed in the language given.",
)
def create_invitation(request: HttpRequest, payload: InvitationIn) -> Status[InvitationOut]:
    token = token_of(request)
    point = service_point_for(token, payload.service_point)
    result = invite(
        service_point=point, channel=payload.channel, email=payload.email, language=payload.language, token=token
    )
    if result.outcome != INVITED or result.invitation is None:
        return Status(200, InvitationOut(invited=False, outcome=result.outcome, url=None, emailed=False))
    invitation = result.invitation
    return Status(
        201, InvitationOut(invited=True, outcome=INVITED, url=invitation.link.public_url, emailed=bool(payload.email))
    )
