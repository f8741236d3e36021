"""The roles people can be given, kept as Django groups (org/migrations creates one group per role)."""

from enum import StrEnum


class Role(StrEnum):
    PROGRAM_ADMIN = "Program admin"
    HR = "HR staff"
    DEPARTMENT_HEAD = "Department head"
    TRAINER = "Trainer"
    EMPLOYEE = "Employee"
    # Sees and acts on residents' follow-up and contact requests for the departments they represent.
    CUSTOMER_RELATIONS = "Customer relations representative"
    # Schedules and edits every training session, not only those they facilitate.
    TRAINING_COORDINATOR = "Training coordinator"


def role_label(role: Role) -> str:
    """The role's name in the reader's language (the enum's value is the group's name, kept in English)."""
    from django.utils.translation import gettext

    labels = {
        Role.PROGRAM_ADMIN: gettext("Program admin"),
        Role.HR: gettext("HR staff"),
        Role.DEPARTMENT_HEAD: gettext("Department head"),
        Role.TRAINER: gettext("Trainer"),
        Role.EMPLOYEE: gettext("Employee"),
        Role.CUSTOMER_RELATIONS: gettext("Customer relations representative"),
        Role.TRAINING_COORDINATOR: gettext("Training coordinator"),
    }
    return labels[role]
