"""Plain functions that build test data. Every app's tests start from `make_org()`."""

import itertools
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.models import Group, User

from org.models import Channel, Department, Employee, JobClass, ServicePoint
from org.roles import Role

PASSWORD = "a-long-test-password-1"
_numbers = itertools.count(1)


def make_user(username: str, *roles: Role, employee: Employee | None = None, superuser: bool = False) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, is_staff=superuser, is_superuser=superuser)
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    if employee is not None:
        employee.user = user
        employee.save(update_fields=["user"])
    return user


def make_department(code: str, name: str, parent: Department | None = None, **fields) -> Department:
    return Department.objects.create(code=code, name=name, parent=parent, **fields)


def make_employee(department: Department, first: str = "Pat", last: str | None = None, **fields) -> Employee:
    number = next(_numbers)
    defaults = {
        "employee_number": f"T{number:05d}",
        "first_name": first,
        "last_name": last or f"Tester{number}",
        "job_title": "Clerk",
        "base_salary": Decimal("50000.00"),
        "pay_range_minimum": Decimal("40000.00"),
        "pay_range_midpoint": Decimal("50000.00"),
        "pay_range_maximum": Decimal("60000.00"),
    }
    defaults.update(fields)
    return Employee.objects.create(department=department, **defaults)


def make_job_class(code: str = "CS-COUNTER", **fields) -> JobClass:
    """A counter clerk's class, in English and Spanish, unless told otherwise."""
    defaults = {
        "title_en": "Counter service clerk",
        "title_es": "Empleado de atención en ventanilla",
        "service_duties_en": "Greet every resident within a minute.\nExplain the next step in plain words.",
        "service_duties_es": "Saludar a cada residente en menos de un minuto.\nExplicar el siguiente paso con claridad.",
        "service_expectations_en": "Residents leave knowing what happens next.",
        "service_expectations_es": "Los residentes se van sabiendo qué pasará después.",
    }
    defaults.update(fields)
    return JobClass.objects.create(code=code, **defaults)


def make_org() -> SimpleNamespace:
    """County > (Public Works > Water) and (Health > Clinic), with a user for every role."""
    county = make_department("CTY", "Test County")
    public_works = make_department("PW", "Public Works", county)
    water = make_department("PW-W", "Water", public_works)
    health = make_department("HLTH", "Health", county)
    clinic = make_department("HLTH-C", "Clinic", health)

    pw_head = make_employee(public_works, "Paula", "Head")
    health_head = make_employee(health, "Hank", "Head")
    public_works.head = pw_head
    public_works.save()
    health.head = health_head
    health.save()
    water_worker = make_employee(water, "Walter", "Worker", supervisor=pw_head)
    clinic_worker = make_employee(clinic, "Clara", "Worker", supervisor=health_head)
    trainer_person = make_employee(county, "Trina", "Trainer")
    hr_person = make_employee(county, "Harriet", "Resources")

    counter = ServicePoint.objects.create(department=water, name="Water counter", channel=Channel.COUNTER)
    clinic_desk = ServicePoint.objects.create(department=clinic, name="Clinic desk", channel=Channel.COUNTER)

    return SimpleNamespace(
        county=county,
        public_works=public_works,
        water=water,
        health=health,
        clinic=clinic,
        pw_head=pw_head,
        health_head=health_head,
        water_worker=water_worker,
        clinic_worker=clinic_worker,
        counter=counter,
        clinic_desk=clinic_desk,
        admin_user=make_user("admin", Role.PROGRAM_ADMIN, superuser=True),
        hr_user=make_user("hr", Role.HR, Role.EMPLOYEE, employee=hr_person),
        head_user=make_user("head", Role.DEPARTMENT_HEAD, Role.EMPLOYEE, employee=pw_head),
        other_head_user=make_user("otherhead", Role.DEPARTMENT_HEAD, Role.EMPLOYEE, employee=health_head),
        trainer_user=make_user("trainer", Role.TRAINER, Role.EMPLOYEE, employee=trainer_person),
        employee_user=make_user("employee", Role.EMPLOYEE, employee=water_worker),
    )
