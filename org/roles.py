"""The five roles, kept as Django groups so program admins assign them in the admin."""

from enum import StrEnum


class Role(StrEnum):
    PROGRAM_ADMIN = "Program admin"
    HR = "HR staff"
    DEPARTMENT_HEAD = "Department head"
    TRAINER = "Trainer"
    EMPLOYEE = "Employee"
