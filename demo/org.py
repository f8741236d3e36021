"""Demo data for the organisation: Harbor County, an invented county of about 80 people.

Everything is keyed on a natural key (department code, employee number, username), so running
the seed again finds what is there and changes nothing.
"""

import random
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User

from demo.job_classes import seed_job_classes
from org.models import (
    Channel,
    Department,
    Employee,
    ServicePoint,
    ServiceStandard,
    StandardDirection,
    StandardMeasure,
)
from org.roles import Role

DEMO_PASSWORD = "demo-pass-2026"

# code, parent code, English name, Spanish name, phone, email, address, hours (en), hours (es)
DEPARTMENTS = [
    (
        "HC",
        None,
        "Harbor County",
        "Condado de Harbor",
        "555-0100",
        "info@harborcounty.example.gov",
        "1 Courthouse Square, Harbor City",
        "Monday to Friday, 8:00 to 17:00",
        "Lunes a viernes, de 8:00 a 17:00",
    ),
    (
        "PW",
        "HC",
        "Public Works",
        "Obras Públicas",
        "555-0120",
        "publicworks@harborcounty.example.gov",
        "40 Dockside Road, Harbor City",
        "Monday to Friday, 7:30 to 16:30",
        "Lunes a viernes, de 7:30 a 16:30",
    ),
    (
        "PW-ROADS",
        "PW",
        "Roads and Bridges",
        "Caminos y Puentes",
        "555-0121",
        "roads@harborcounty.example.gov",
        "40 Dockside Road, Harbor City",
        "Monday to Friday, 7:30 to 16:30",
        "Lunes a viernes, de 7:30 a 16:30",
    ),
    (
        "PW-WATER",
        "PW",
        "Water and Sewer",
        "Agua y Alcantarillado",
        "555-0122",
        "water@harborcounty.example.gov",
        "12 Reservoir Lane, Harbor City",
        "Monday to Friday, 8:00 to 17:00; emergencies at any hour",
        "Lunes a viernes, de 8:00 a 17:00; emergencias a toda hora",
    ),
    (
        "PW-WASTE",
        "PW",
        "Solid Waste and Recycling",
        "Residuos Sólidos y Reciclaje",
        "555-0123",
        "recycling@harborcounty.example.gov",
        "3 Transfer Station Way, Millbrook",
        "Tuesday to Saturday, 8:00 to 16:00",
        "Martes a sábado, de 8:00 a 16:00",
    ),
    (
        "HHS",
        "HC",
        "Health and Human Services",
        "Salud y Servicios Humanos",
        "555-0140",
        "hhs@harborcounty.example.gov",
        "220 Elm Street, Harbor City",
        "Monday to Friday, 8:00 to 17:00",
        "Lunes a viernes, de 8:00 a 17:00",
    ),
    (
        "HHS-CLINIC",
        "HHS",
        "Public Health Clinics",
        "Clínicas de Salud Pública",
        "555-0141",
        "clinics@harborcounty.example.gov",
        "220 Elm Street, Harbor City",
        "Monday to Thursday, 8:00 to 19:00",
        "Lunes a jueves, de 8:00 a 19:00",
    ),
    (
        "HHS-BEN",
        "HHS",
        "Benefits and Eligibility",
        "Beneficios y Elegibilidad",
        "555-0142",
        "benefits@harborcounty.example.gov",
        "224 Elm Street, Harbor City",
        "Monday to Friday, 8:00 to 17:00",
        "Lunes a viernes, de 8:00 a 17:00",
    ),
    (
        "MVL",
        "HC",
        "Motor Vehicles and Licensing",
        "Vehículos y Licencias",
        "555-0160",
        "licensing@harborcounty.example.gov",
        "9 Harbor Plaza, Harbor City",
        "Monday to Saturday, 8:30 to 16:30",
        "Lunes a sábado, de 8:30 a 16:30",
    ),
    (
        "PARKS",
        "HC",
        "Parks and Recreation",
        "Parques y Recreación",
        "555-0170",
        "parks@harborcounty.example.gov",
        "77 Lakeshore Drive, Millbrook",
        "Every day, 9:00 to 18:00",
        "Todos los días, de 9:00 a 18:00",
    ),
    (
        "PERMITS",
        "HC",
        "Permits and Inspections",
        "Permisos e Inspecciones",
        "555-0180",
        "permits@harborcounty.example.gov",
        "1 Courthouse Square, Harbor City",
        "Monday to Friday, 8:00 to 16:00",
        "Lunes a viernes, de 8:00 a 16:00",
    ),
    (
        "HR",
        "HC",
        "Human Resources",
        "Recursos Humanos",
        "555-0190",
        "hr@harborcounty.example.gov",
        "1 Courthouse Square, Harbor City",
        "Monday to Friday, 8:00 to 17:00",
        "Lunes a viernes, de 8:00 a 17:00",
    ),
    (
        "LIB",
        "HC",
        "Libraries",
        "Bibliotecas",
        "555-0195",
        "library@harborcounty.example.gov",
        "5 Reading Lane, Harbor City",
        "Monday to Saturday, 10:00 to 20:00",
        "Lunes a sábado, de 10:00 a 20:00",
    ),
]

# How many people each department has besides its head (about 80 in all).
STAFF_PER_DEPARTMENT = {
    "HC": 2,
    "PW": 3,
    "PW-ROADS": 7,
    "PW-WATER": 7,
    "PW-WASTE": 5,
    "HHS": 2,
    "HHS-CLINIC": 7,
    "HHS-BEN": 7,
    "MVL": 8,
    "PARKS": 5,
    "PERMITS": 6,
    "HR": 4,
    "LIB": 4,
}

JOB_TITLES = {
    "PW-ROADS": ["Road maintenance technician", "Bridge inspector", "Crew supervisor"],
    "PW-WATER": ["Customer service representative", "Meter technician", "Billing specialist"],
    "PW-WASTE": ["Collection driver", "Recycling educator", "Scale house clerk"],
    "HHS-CLINIC": ["Public health nurse", "Clinic receptionist", "Community health worker"],
    "HHS-BEN": ["Eligibility specialist", "Case manager", "Intake clerk"],
    "MVL": ["Licensing clerk", "Vehicle records specialist", "Driver examiner"],
    "PARKS": ["Recreation coordinator", "Park ranger", "Reservations clerk"],
    "PERMITS": ["Permit technician", "Building inspector", "Plans examiner"],
    "HR": ["HR generalist", "Training coordinator", "Compensation analyst"],
    "LIB": ["Librarian", "Library assistant", "Outreach coordinator"],
}
DEFAULT_TITLES = ["Program analyst", "Administrative assistant", "Operations manager"]

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Carmen",
    "Darius",
    "Elena",
    "Farid",
    "Grace",
    "Hector",
    "Imani",
    "Jonah",
    "Keiko",
    "Luis",
    "Maya",
    "Nikhil",
    "Olivia",
    "Pablo",
    "Quinn",
    "Rosa",
    "Samuel",
    "Tanya",
    "Umar",
    "Valeria",
    "Wesley",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Andrea",
    "Bruno",
    "Chloe",
    "Diego",
    "Esther",
    "Felix",
    "Gloria",
    "Hugo",
]
LAST_NAMES = [
    "Abbott",
    "Baptiste",
    "Castillo",
    "Delgado",
    "Eriksen",
    "Fonseca",
    "Garza",
    "Hollis",
    "Ibarra",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreno",
    "Nakamura",
    "Okafor",
    "Pereira",
    "Quintero",
    "Ramirez",
    "Sato",
    "Thornton",
    "Underwood",
    "Vargas",
    "Whitaker",
    "Yamada",
    "Zamora",
    "Acosta",
    "Brennan",
    "Cho",
    "Duarte",
    "Esposito",
]

# Pay grades: (minimum, midpoint, maximum)
PAY_GRADES = {
    "staff": (Decimal("38000"), Decimal("47000"), Decimal("56000")),
    "senior": (Decimal("48000"), Decimal("60000"), Decimal("72000")),
    "manager": (Decimal("65000"), Decimal("82000"), Decimal("99000")),
    "director": (Decimal("90000"), Decimal("112000"), Decimal("134000")),
}

# department code, English name, Spanish name, channel, location
SERVICE_POINTS = [
    ("PW-WATER", "Water billing counter", "Mostrador de facturación del agua", Channel.COUNTER, "12 Reservoir Lane"),
    ("PW-WATER", "Water service line", "Línea de servicio de agua", Channel.PHONE, "555-0122"),
    ("PW-WATER", "Online bill payment", "Pago de facturas en línea", Channel.WEB, "harborcounty.example.gov/water"),
    (
        "PW-ROADS",
        "Pothole and road repair requests",
        "Solicitudes de reparación de baches",
        Channel.WEB,
        "harborcounty.example.gov/roads",
    ),
    ("PW-ROADS", "Road crew field visits", "Visitas de cuadrillas viales", Channel.FIELD, "Across the county"),
    (
        "PW-WASTE",
        "Transfer station scale house",
        "Báscula de la estación de transferencia",
        Channel.COUNTER,
        "3 Transfer Station Way",
    ),
    (
        "PW-WASTE",
        "Recycling questions by email",
        "Preguntas de reciclaje por correo",
        Channel.EMAIL,
        "recycling@harborcounty.example.gov",
    ),
    (
        "HHS-CLINIC",
        "Elm Street clinic front desk",
        "Recepción de la clínica de Elm Street",
        Channel.COUNTER,
        "220 Elm Street",
    ),
    ("HHS-CLINIC", "Appointment line", "Línea de citas", Channel.PHONE, "555-0141"),
    ("HHS-BEN", "Benefits intake counter", "Mostrador de solicitudes de beneficios", Channel.COUNTER, "224 Elm Street"),
    (
        "HHS-BEN",
        "Benefits mail-in applications",
        "Solicitudes de beneficios por correo",
        Channel.MAIL,
        "PO Box 224, Harbor City",
    ),
    ("HHS-BEN", "Benefits chat", "Chat de beneficios", Channel.CHAT, "harborcounty.example.gov/benefits"),
    (
        "MVL",
        "Harbor Plaza licensing counter",
        "Mostrador de licencias de Harbor Plaza",
        Channel.COUNTER,
        "9 Harbor Plaza",
    ),
    ("MVL", "Licensing phone line", "Línea telefónica de licencias", Channel.PHONE, "555-0160"),
    ("MVL", "Online renewals", "Renovaciones en línea", Channel.WEB, "harborcounty.example.gov/renew"),
    (
        "PARKS",
        "Shelter and field reservations",
        "Reservas de refugios y canchas",
        Channel.WEB,
        "harborcounty.example.gov/parks",
    ),
    ("PARKS", "Lakeshore visitor center", "Centro de visitantes de Lakeshore", Channel.COUNTER, "77 Lakeshore Drive"),
    ("PERMITS", "Permit center counter", "Mostrador del centro de permisos", Channel.COUNTER, "1 Courthouse Square"),
    ("PERMITS", "Building inspections", "Inspecciones de construcción", Channel.FIELD, "At the building site"),
    (
        "PERMITS",
        "Permit questions by email",
        "Preguntas sobre permisos por correo",
        Channel.EMAIL,
        "permits@harborcounty.example.gov",
    ),
    ("LIB", "Main library help desk", "Mesa de ayuda de la biblioteca principal", Channel.COUNTER, "5 Reading Lane"),
    ("LIB", "Ask a librarian chat", "Chat con un bibliotecario", Channel.CHAT, "harborcounty.example.gov/ask"),
]

# department code, service point (English name or None), title en, title es, description en, description es,
# measure, driver, target, unit en, unit es, direction
STANDARDS = [
    (
        "PW-WATER",
        "Water billing counter",
        "You are served at the billing counter within 15 minutes",
        "Le atendemos en el mostrador de facturación en 15 minutos o menos",
        "Most visits are short. If the wait will be longer, staff tell you how long and offer a call back.",
        "La mayoría de las visitas son breves. Si la espera será mayor, el personal le dirá cuánto tiempo y le ofrecerá una llamada.",
        StandardMeasure.SURVEY_DRIVER,
        "efficiency",
        Decimal("80"),
        "",
        "",
        StandardDirection.AT_LEAST,
    ),
    (
        "PW-WATER",
        "Water service line",
        "We answer calls to the water line within two minutes",
        "Contestamos las llamadas a la línea de agua en dos minutos o menos",
        "Measured as the average wait before a person answers, reported each quarter.",
        "Se mide como la espera promedio antes de que conteste una persona, informada cada trimestre.",
        StandardMeasure.REPORTED_FIGURE,
        "",
        Decimal("2"),
        "minutes",
        "minutos",
        StandardDirection.AT_MOST,
    ),
    (
        "PW-ROADS",
        None,
        "Reported potholes on county roads are repaired within five business days",
        "Reparamos los baches reportados en caminos del condado en cinco días hábiles",
        "Counted from the day you report the pothole online or by phone.",
        "Se cuenta desde el día en que reporta el bache en línea o por teléfono.",
        StandardMeasure.REPORTED_FIGURE,
        "",
        Decimal("5"),
        "business days",
        "días hábiles",
        StandardDirection.AT_MOST,
    ),
    (
        "HHS-BEN",
        None,
        "Eight in ten applicants say their need was addressed",
        "Ocho de cada diez solicitantes dicen que se atendió su necesidad",
        "We ask everyone who applies for benefits how it went, and publish the result every quarter.",
        "Preguntamos a cada solicitante cómo le fue y publicamos el resultado cada trimestre.",
        StandardMeasure.SURVEY_DRIVER,
        "effectiveness",
        Decimal("80"),
        "",
        "",
        StandardDirection.AT_LEAST,
    ),
    (
        "HHS-CLINIC",
        "Elm Street clinic front desk",
        "Patients are treated with courtesy and respect",
        "Tratamos a los pacientes con cortesía y respeto",
        "Nine in ten patients should agree that the staff they dealt with were helpful.",
        "Nueve de cada diez pacientes deben estar de acuerdo en que el personal fue servicial.",
        StandardMeasure.SURVEY_DRIVER,
        "employee",
        Decimal("90"),
        "",
        "",
        StandardDirection.AT_LEAST,
    ),
    (
        "MVL",
        None,
        "Renewing a licence is easy",
        "Renovar una licencia es fácil",
        "Whether you renew online, by phone or at the counter, at least 85 in 100 customers should find it easy.",
        "Ya sea en línea, por teléfono o en el mostrador, al menos 85 de cada 100 clientes deben encontrarlo fácil.",
        StandardMeasure.SURVEY_DRIVER,
        "ease",
        Decimal("85"),
        "",
        "",
        StandardDirection.AT_LEAST,
    ),
    (
        "PERMITS",
        "Permit questions by email",
        "We answer permit emails within two business days",
        "Respondemos los correos sobre permisos en dos días hábiles",
        "A person, not an automatic reply, answers your question.",
        "Una persona, no una respuesta automática, contesta su pregunta.",
        StandardMeasure.REPORTED_FIGURE,
        "",
        Decimal("2"),
        "business days",
        "días hábiles",
        StandardDirection.AT_MOST,
    ),
    (
        "PERMITS",
        None,
        "Residents trust the permit process to be fair",
        "Los residentes confían en que el proceso de permisos es justo",
        "At least 75 in 100 applicants agree that they were treated fairly.",
        "Al menos 75 de cada 100 solicitantes están de acuerdo en que recibieron un trato justo.",
        StandardMeasure.SURVEY_DRIVER,
        "equity",
        Decimal("75"),
        "",
        "",
        StandardDirection.AT_LEAST,
    ),
    (
        "PARKS",
        None,
        "Visitors are satisfied with our parks and programs",
        "Los visitantes están satisfechos con nuestros parques y programas",
        "Measured by the short survey on every reservation receipt.",
        "Se mide con la breve encuesta de cada recibo de reserva.",
        StandardMeasure.SURVEY_DRIVER,
        "satisfaction",
        Decimal("85"),
        "",
        "",
        StandardDirection.AT_LEAST,
    ),
    (
        "LIB",
        None,
        "Every visit leaves you more confident in your library",
        "Cada visita le da más confianza en su biblioteca",
        "Eight in ten visitors agree that the visit raised their confidence in the library service.",
        "Ocho de cada diez visitantes están de acuerdo en que la visita aumentó su confianza en la biblioteca.",
        StandardMeasure.SURVEY_DRIVER,
        "trust",
        Decimal("80"),
        "",
        "",
        StandardDirection.AT_LEAST,
    ),
]

# username, first, last, employee number, department code, job title, grade, roles, superuser
DEMO_ACCOUNTS = [
    (
        "admin",
        "Alex",
        "Rivera",
        "HC-0001",
        "HC",
        "Customer service program director",
        "director",
        [Role.PROGRAM_ADMIN, Role.EMPLOYEE],
        True,
    ),
    ("hr", "Helen", "Okoro", "HR-0100", "HR", "HR manager", "manager", [Role.HR, Role.EMPLOYEE], False),
    (
        "head",
        "Marcus",
        "Bell",
        "PW-0001",
        "PW",
        "Director of Public Works",
        "director",
        [Role.DEPARTMENT_HEAD, Role.EMPLOYEE],
        False,
    ),
    (
        "trainer",
        "Tessa",
        "Nguyen",
        "HR-0101",
        "HR",
        "Training coordinator",
        "senior",
        [Role.TRAINER, Role.EMPLOYEE],
        False,
    ),
    (
        "employee",
        "Elena",
        "Marsh",
        "PW-WATER-0101",
        "PW-WATER",
        "Customer service representative",
        "staff",
        [Role.EMPLOYEE],
        False,
    ),
]


def seed_org(rng: random.Random) -> dict:
    """Create the county. Returns the created objects the other seeders build on."""
    departments = _seed_departments()
    employees = _seed_employees(rng, departments)
    _seed_accounts(departments)
    _seed_employee_accounts()
    job_classes = seed_job_classes()
    _seed_representatives()
    service_points = _seed_service_points(departments)
    _seed_standards(departments, service_points)
    return {
        "departments": departments,
        "employees": employees,
        "service_points": service_points,
        "job_classes": job_classes,
    }


def _seed_departments() -> dict[str, Department]:
    departments: dict[str, Department] = {}
    for code, parent, name_en, name_es, phone, email, address, hours_en, hours_es in DEPARTMENTS:
        department = Department.objects.filter(code=code).first()
        if department is None:
            department = Department.objects.create(
                code=code,
                parent=departments.get(parent) if parent else None,
                name_en=name_en,
                name_es=name_es,
                phone=phone,
                email=email,
                address=address,
                opening_hours_en=hours_en,
                opening_hours_es=hours_es,
            )
        departments[code] = department
    return departments


def _salary_in(grade: str, rng: random.Random) -> tuple[Decimal, tuple[Decimal, Decimal, Decimal]]:
    low, mid, high = PAY_GRADES[grade]
    # A few people sit at the top of their range, so pay plans have lump sums to compute.
    salary = high if rng.random() < 0.08 else Decimal(rng.randrange(int(low), int(high), 250))
    return salary, (low, mid, high)


def _create_employee(
    number: str,
    department: Department,
    first: str,
    last: str,
    title: str,
    grade: str,
    rng: random.Random,
    supervisor: Employee | None = None,
) -> Employee:
    existing = Employee.objects.filter(employee_number=number).first()
    if existing:
        return existing
    salary, (low, mid, high) = _salary_in(grade, rng)
    return Employee.objects.create(
        employee_number=number,
        first_name=first,
        last_name=last,
        work_email=f"{first}.{last}@harborcounty.example.gov".lower(),
        department=department,
        job_title=title,
        supervisor=supervisor,
        hire_date=date(2026, 1, 5) - timedelta(days=rng.randrange(200, 6000)),
        base_salary=salary,
        pay_grade=grade,
        pay_range_minimum=low,
        pay_range_midpoint=mid,
        pay_range_maximum=high,
    )


def _unique_names(rng: random.Random) -> Iterator[tuple[str, str]]:
    """Yields (first, last) pairs, each at most once, in a random but repeatable order."""
    pairs = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    yield from pairs


def _seed_employees(rng: random.Random, departments: dict[str, Department]) -> list[Employee]:
    """Heads first (the demo accounts' people among them), then each department's staff."""
    accounts = {account[4]: account for account in DEMO_ACCOUNTS if account[6] == "director"}
    names = _unique_names(rng)
    heads: dict[str, Employee] = {}
    for code, department in departments.items():
        if code in accounts:
            _, first, last, number, _, title, grade, _, _ = accounts[code]
        else:
            first, last = next(names)
            number, title, grade = f"{code}-0001", f"Director, {department.name_en}", "director"
        parent_head = heads.get(department.parent.code) if department.parent is not None else None
        head = _create_employee(number, department, first, last, title, grade, rng, supervisor=parent_head)
        heads[code] = head
        if department.head_id is None:
            department.head = head
            department.save()
    people = list(heads.values())
    for code, count in STAFF_PER_DEPARTMENT.items():
        department = departments[code]
        titles = JOB_TITLES.get(code, DEFAULT_TITLES)
        for index in range(1, count + 1):
            grade = "senior" if index == 1 else "staff"
            title = titles[index % len(titles)]
            first, last = next(names)
            person = _create_employee(
                f"{code}-{index + 1:04d}",
                department,
                first,
                last,
                title,
                grade,
                rng,
                supervisor=heads[code],
            )
            people.append(person)
    for department in departments.values():
        if department.customer_relations_rep_id is None:
            department.customer_relations_rep = (
                department.employees.exclude(headed_departments=department).order_by("employee_number").first()
                or department.head
            )
            department.save()
    return people


def _seed_accounts(departments: dict[str, Department]) -> None:
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    for username, first, last, number, code, title, grade, roles, superuser in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@harborcounty.example.gov",
                is_staff=superuser,
                is_superuser=superuser,
            )
            user.groups.set(groups[role] for role in roles)
        employee = Employee.objects.filter(employee_number=number).first()
        if employee is None:
            supervisor = departments[code].head
            employee = Employee.objects.create(
                employee_number=number,
                first_name=first,
                last_name=last,
                department=departments[code],
                job_title=title,
                supervisor=supervisor,
                work_email=user.email,
                hire_date=date(2019, 3, 4),
                base_salary=PAY_GRADES[grade][1],
                pay_range_minimum=PAY_GRADES[grade][0],
                pay_range_midpoint=PAY_GRADES[grade][1],
                pay_range_maximum=PAY_GRADES[grade][2],
            )
        if employee.user_id is None:
            employee.user = user
            employee.save()


def demo_username(first: str, last: str) -> str:
    """first.last in plain lower-case letters, as a person would guess it ("María O'Neil" -> maria.oneil)."""
    plain = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9.]", "", plain)


def _seed_employee_accounts() -> None:
    """Every demo employee without an account gets one (first.last, the demo password, the Employee role), so
    any workflow can be tried as anyone. The password is hashed once and the hash shared: hashing it for each of
    78 people would take about 40 seconds."""
    people = list(Employee.objects.filter(user__isnull=True).order_by("employee_number"))
    if not people:
        return
    hashed = make_password(DEMO_PASSWORD)
    taken = set(User.objects.values_list("username", flat=True))
    users = []
    for person in people:
        username = demo_username(person.first_name, person.last_name)
        if username in taken:
            username = f"{username}.{person.employee_number.lower()}"
        taken.add(username)
        users.append(
            User(
                username=username,
                password=hashed,
                first_name=person.first_name,
                last_name=person.last_name,
                email=person.work_email,
            )
        )
    users = User.objects.bulk_create(users)
    group = Group.objects.get_or_create(name=Role.EMPLOYEE.value)[0]
    User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in users])
    for person, user in zip(people, users, strict=True):
        person.user = user
    Employee.objects.bulk_update(people, ["user"])


def _seed_representatives() -> None:
    """Each department's customer relations representative holds the role, so the follow-up email they get
    opens the resident's response for them (idempotent: adding a group twice adds it once)."""
    group = Group.objects.get_or_create(name=Role.CUSTOMER_RELATIONS.value)[0]
    reps = User.objects.filter(employee__represented_departments__isnull=False).distinct()
    group.user_set.add(*reps)


def _seed_service_points(departments: dict[str, Department]) -> list[ServicePoint]:
    points = []
    for code, name_en, name_es, channel, location in SERVICE_POINTS:
        department = departments[code]
        point = ServicePoint.objects.filter(department=department, name_en=name_en).first()
        if point is None:
            point = ServicePoint.objects.create(
                department=department, name_en=name_en, name_es=name_es, channel=channel, location=location
            )
            point.staff.set(department.employees.exclude(headed_departments=department)[:4])
        points.append(point)
    return points


def _seed_standards(departments: dict[str, Department], service_points: list[ServicePoint]) -> None:
    points_by_name = {point.name_en: point for point in service_points}
    for order, row in enumerate(STANDARDS):
        (
            code,
            point_name,
            title_en,
            title_es,
            description_en,
            description_es,
            measure,
            driver,
            target,
            unit_en,
            unit_es,
            direction,
        ) = row
        if ServiceStandard.objects.filter(department=departments[code], title_en=title_en).exists():
            continue
        ServiceStandard.objects.create(
            department=departments[code],
            service_point=points_by_name.get(point_name),
            title_en=title_en,
            title_es=title_es,
            description_en=description_en,
            description_es=description_es,
            measure=measure,
            driver=driver,
            target=target,
            unit_en=unit_en,
            unit_es=unit_es,
            direction=direction,
            published=True,
            order=order,
        )
