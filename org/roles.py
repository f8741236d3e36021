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
