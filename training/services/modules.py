"""Writing modules: a draft is edited in place; publishing freezes it; a change to a published module goes
into a new draft copied from it, so sessions that used the published version keep exactly what they used."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from training.models import Module, ModuleVersion

# The fields of a version an author writes; copied whole into a new draft.
CONTENT_FIELDS = (
    "title",
    "theme",
    "duration_minutes",
    "audience",
    "objectives",
    "objectives_minutes",
    "talking_points",
    "exercise",
    "exercise_minutes",
    "tips",
    "wrap_up_questions",
    "wrap_up_minutes",
    "commitment_prompt",
    "closing",
    "word_prompt",
    "attribution",
)


@transaction.atomic
def create_module(*, slug: str, content: dict, by: User) -> ModuleVersion:
    """A new module with its first version, a draft."""
    module = Module.objects.create(slug=slug)
    return _save_version(ModuleVersion(module=module, number=1), content, by=by)


@transaction.atomic
def edit_module(*, module: Module, content: dict, by: User) -> ModuleVersion:
    """Change a module: its draft in place, or a new draft copied from the published version."""
    module = Module.objects.select_for_update().get(pk=module.pk)
    latest = module.latest_version()
    if latest is not None and not latest.is_published:
        return _save_version(latest, content, by=by)
    number = latest.number + 1 if latest else 1
    draft = ModuleVersion(module=module, number=number)
    if latest is not None:
        for field in CONTENT_FIELDS:
            setattr(draft, field, getattr(latest, field))
    return _save_version(draft, content, by=by)


def _save_version(version: ModuleVersion, content: dict, *, by: User) -> ModuleVersion:
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These are not parts of a module: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_content",
        )
    for field, value in content.items():
        setattr(version, field, value)
    version.edited_by = by
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def publish_module(*, module: Module, by: User) -> ModuleVersion:
    """Publish the module's draft; from now on it is frozen, and it says who published it."""
    draft = ModuleVersion.objects.select_for_update().filter(module=module, status=ModuleVersion.Status.DRAFT).first()
    if draft is None:
        raise ValidationError(_("There is no draft to publish."), code="no_draft")
    draft.full_clean()
    draft.status = ModuleVersion.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.published_by = by
    draft.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return draft
