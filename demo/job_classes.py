"""Demo data: Harbor County's job classes with the customer-service duties of their job descriptions, and which
demo employees hold them (matched by job title).

Idempotent: a class is found by its code, and only employees without a job class get one, so a second run changes
nothing and a database seeded before job classes existed is filled in.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from org.models import Employee, JobClass


@dataclass(frozen=True)
class DemoJobClass:
    code: str
    title: tuple[str, str]  # English, Spanish
    duties_en: tuple[str, ...]
    duties_es: tuple[str, ...]
    expectations_en: str
    expectations_es: str
    job_titles: tuple[str, ...]  # the demo employees' titles that belong to the class


JOB_CLASSES = [
    DemoJobClass(
        code="CS-COUNTER",
        title=("Counter service clerk", "Empleado de atención en ventanilla"),
        duties_en=(
            "Greet each resident within a minute of reaching the counter, and say how long the wait will be.",
            (
                "Check that forms and documents are complete before the resident leaves, so nobody comes back for a "
                "missing page."
            ),
            "Explain fees, deadlines and next steps in plain words, and in writing when there are several.",
            "When the answer is no, name the rule behind it and say what the resident can do instead.",
            "Call an interpreter or a bilingual colleague rather than serve someone in a language they struggle with.",
        ),
        duties_es=(
            (
                "Saludar a cada residente en menos de un minuto desde que llega a la ventanilla e indicarle cuánto "
                "tendrá que esperar."
            ),
            (
                "Comprobar que los formularios y documentos están completos antes de que el residente se vaya, para que "
                "nadie tenga que volver por una página que faltaba."
            ),
            "Explicar tarifas, plazos y próximos pasos con palabras sencillas, y por escrito cuando son varios.",
            (
                "Cuando la respuesta es no, nombrar la norma que la motiva y decir qué puede hacer el residente en su "
                "lugar."
            ),
            "Llamar a un intérprete o a un compañero bilingüe en vez de atender a alguien en un idioma que le cuesta.",
        ),
        expectations_en=(
            "Residents leave the counter knowing what happens next and when. The hundredth person of the day with the "
            "same question gets the same patience as the first."
        ),
        expectations_es=(
            "Los residentes se van de la ventanilla sabiendo qué pasará después y cuándo. La persona número cien del "
            "día con la misma pregunta recibe la misma paciencia que la primera."
        ),
        job_titles=(
            "Licensing clerk",
            "Intake clerk",
            "Reservations clerk",
            "Scale house clerk",
            "Clinic receptionist",
            "Permit technician",
            "Library assistant",
            "Vehicle records specialist",
            "Administrative assistant",
        ),
    ),
    DemoJobClass(
        code="CS-CONTACT",
        title=("Contact centre agent", "Agente del centro de atención telefónica"),
        duties_en=(
            "Answer calls, emails and chats within the times the department publishes.",
            (
                "Settle the question on the first contact whenever the rules allow; when they do not, hand the resident "
                "to the right colleague with the case explained, never a bare transfer."
            ),
            "Record every contact and its outcome, so no resident has to tell their story twice.",
            "Call back when promised, and call to say so when a promise cannot be kept.",
            "Tell the supervisor when several residents complain about the same step.",
        ),
        duties_es=(
            "Responder llamadas, correos y chats dentro de los plazos que publica el departamento.",
            (
                "Resolver la consulta en el primer contacto siempre que las normas lo permitan; si no, pasar al residente "
                "al compañero indicado con el caso explicado, nunca una transferencia sin más."
            ),
            (
                "Registrar cada contacto y su resultado, para que ningún residente tenga que contar su historia dos "
                "veces."
            ),
            "Devolver la llamada cuando se prometió, y llamar para avisar cuando una promesa no se puede cumplir.",
            "Avisar al supervisor cuando varios residentes se quejan del mismo paso.",
        ),
        expectations_en=(
            "Callers feel heard and end the call with a clear answer or a clear date. An upset caller is calmed, not "
            "hurried, and each record is complete enough for anyone to pick the case up."
        ),
        expectations_es=(
            "Quien llama se siente escuchado y termina la llamada con una respuesta clara o una fecha clara. A quien "
            "llama molesto se le calma, no se le apura, y cada registro es lo bastante completo para que cualquiera "
            "retome el caso."
        ),
        job_titles=("Customer service representative", "Billing specialist"),
    ),
    DemoJobClass(
        code="CS-FIELD",
        title=("Field inspector and technician", "Inspector y técnico de campo"),
        duties_en=(
            "Introduce yourself and show your county identification at every visit.",
            "Arrive within the appointment window, or phone ahead when you will be late.",
            "Before leaving, explain what you checked, what you found and what the owner has to do.",
            "Leave the result in writing, with the rule that applies and how to ask for a second visit.",
            "Treat the property and the people on it with care, and leave the site as you found it.",
        ),
        duties_es=(
            "Presentarse y mostrar la identificación del condado en cada visita.",
            "Llegar dentro del horario acordado, o llamar antes si va a llegar tarde.",
            "Antes de irse, explicar qué revisó, qué encontró y qué tiene que hacer el propietario.",
            "Dejar el resultado por escrito, con la norma que se aplica y cómo pedir una segunda visita.",
            "Tratar con cuidado la propiedad y a las personas que están en ella, y dejar el lugar como lo encontró.",
        ),
        expectations_en=(
            "Owners understand every finding and how to put it right. Two inspectors decide the same case the same "
            "way, and even a failed inspection leaves the resident feeling fairly treated."
        ),
        expectations_es=(
            "Los propietarios entienden cada observación y cómo corregirla. Dos inspectores deciden igual el mismo "
            "caso, e incluso una inspección no superada deja al residente con la sensación de un trato justo."
        ),
        job_titles=(
            "Road maintenance technician",
            "Bridge inspector",
            "Meter technician",
            "Collection driver",
            "Building inspector",
            "Park ranger",
            "Driver examiner",
        ),
    ),
    DemoJobClass(
        code="CS-CASE",
        title=("Caseworker", "Trabajador de casos"),
        duties_en=(
            "At the first contact, explain who qualifies and which documents are needed.",
            "Keep residents told where their case stands, so they never have to chase it.",
            "Keep residents' private information private and discuss it only with those entitled to it.",
            "When someone does not qualify, point them to other programs that may help.",
        ),
        duties_es=(
            "En el primer contacto, explicar quién reúne los requisitos y qué documentos se necesitan.",
            "Mantener a los residentes informados de cómo va su caso, para que nunca tengan que perseguirlo.",
            "Proteger la información privada de los residentes y tratarla solo con quien tiene derecho a ella.",
            "Cuando alguien no reúne los requisitos, orientarle hacia otros programas que puedan ayudarle.",
        ),
        expectations_en="People going through a hard time are treated with dignity, and no case waits in silence.",
        expectations_es=(
            "Las personas que pasan por un momento difícil reciben un trato digno, y ningún caso espera en silencio."
        ),
        job_titles=("Eligibility specialist", "Case manager", "Community health worker", "Public health nurse"),
    ),
    DemoJobClass(
        code="CS-LEAD",
        title=("Supervisor and manager", "Supervisor y gerente"),
        duties_en=(
            "Set clear service expectations for the team and go over them with each person during the year.",
            "Read residents' survey results and complaints with the team every month, and act on what they show.",
            "Let front-line staff decide within the rules, and stand behind their reasonable decisions.",
            "Take escalated cases personally and answer them within one business day.",
            "Thank, by name, the staff who serve residents well.",
        ),
        duties_es=(
            "Fijar expectativas de servicio claras para el equipo y repasarlas con cada persona durante el año.",
            (
                "Leer cada mes con el equipo los resultados de las encuestas y las quejas de los residentes, y actuar "
                "según lo que muestran."
            ),
            (
                "Dejar que el personal de primera línea decida dentro de las normas, y respaldar sus decisiones "
                "razonables."
            ),
            "Atender en persona los casos escalados y responderlos en un día hábil.",
            "Agradecer, por su nombre, al personal que atiende bien a los residentes.",
        ),
        expectations_en=(
            "The team knows what good service means here and how it measures against the published standards. A "
            "problem residents raise is fixed in the process, not only for the one person who raised it."
        ),
        expectations_es=(
            "El equipo sabe qué significa aquí un buen servicio y cómo está frente a los estándares publicados. Un "
            "problema que plantean los residentes se corrige en el proceso, no solo para la persona que lo planteó."
        ),
        job_titles=(
            "Crew supervisor",
            "Director of Public Works",
            "HR manager",
            "Customer service program director",
            "Operations manager",
        ),
    ),
]

# Department heads' titles are "Director, <department>": they lead, whatever their department.
LEADER_TITLE_PREFIX = "Director"


def seed_job_classes() -> dict[str, JobClass]:
    """Create the job classes and give one to every demo employee who has none and whose title belongs to one."""
    job_classes = {}
    for demo in JOB_CLASSES:
        job_class = JobClass.objects.filter(code=demo.code).first()
        if job_class is None:
            job_class = JobClass.objects.create(
                code=demo.code,
                title_en=demo.title[0],
                title_es=demo.title[1],
                service_duties_en="\n".join(demo.duties_en),
                service_duties_es="\n".join(demo.duties_es),
                service_expectations_en=demo.expectations_en,
                service_expectations_es=demo.expectations_es,
            )
        job_classes[demo.code] = job_class
        Employee.objects.filter(job_class__isnull=True, job_title__in=demo.job_titles).update(job_class=job_class)
    Employee.objects.filter(job_class__isnull=True, job_title__startswith=LEADER_TITLE_PREFIX).update(
        job_class=job_classes["CS-LEAD"]
    )
    return job_classes


def backfill_evaluations(evaluations) -> None:
    """Evaluations created before their employees had a job class take the employee's (a demo database seeded
    before job classes existed); the service sets it on every evaluation it creates."""
    evaluations.filter(job_class__isnull=True).update(
        job_class=Subquery(Employee.objects.filter(pk=OuterRef("employee_id")).values("job_class")[:1])
    )
