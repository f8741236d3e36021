"""Demo 'you said, we did': three actions of Public Works published, one waiting for the program admin's review.

They go through the workflow's own services (written by the demo head, reviewed by the demo admin), so their
history is on the audit trail like any other. Idempotent: an action is found by its department and its English
"we did" text.
"""

from datetime import timedelta

from django.contrib.auth.models import User

from org.models import Department, ServicePoint
from serviceculture.dates import local_today
from yousaid.models import FeedbackAction
from yousaid.services import ActionText, publish_action, save_action

# department code, service point (English name or None), days ago, published?,
# you said (en), we did (en), you said (es), we did (es)
ACTIONS = [
    (
        "PW-WATER",
        "Water billing counter",
        40,
        True,
        "Waiting at the billing counter, you could not tell whether it would take five minutes or fifty.",
        "A screen by the door now shows the expected wait, and past 15 minutes staff offer to call you back.",
        "En el mostrador de facturación no había forma de saber si la espera sería de cinco minutos o de cincuenta.",
        (
            "Una pantalla junto a la puerta muestra ahora la espera prevista y, pasados 15 minutos, el personal le "
            "ofrece devolverle la llamada."
        ),
    ),
    (
        "PW-ROADS",
        "Pothole and road repair requests",
        110,
        True,
        "After reporting a pothole online, you never heard whether anyone had fixed it.",
        "The request form now emails you when a crew is scheduled and again when the repair is finished.",
        "Después de reportar un bache en línea, nunca sabía si alguien lo había reparado.",
        "El formulario le envía ahora un correo cuando se programa una cuadrilla y otro cuando termina la reparación.",
    ),
    (
        "PW-WASTE",
        "Transfer station scale house",
        200,
        True,
        "On Saturdays the line for the scale house backed up onto the county road.",
        (
            "The scale house opens at 7:00 on Saturdays, an hour earlier, and a second lane takes cars with recycling "
            "only."
        ),
        "Los sábados la fila de la báscula llegaba hasta la carretera del condado.",
        (
            "La báscula abre los sábados a las 7:00, una hora antes, y un segundo carril atiende a los autos que solo "
            "traen reciclaje."
        ),
    ),
    (
        "PW-WATER",
        "Water service line",
        6,
        False,
        "Calling the water line meant holding for a long time, with no way to leave a number.",
        "The water line now offers a call back in the order people rang, so nobody has to stay on hold.",
        "Llamar a la línea de agua significaba esperar mucho tiempo, sin poder dejar un número.",
        (
            "La línea de agua ofrece ahora devolver la llamada en el orden en que llamó cada persona, para que nadie "
            "tenga que esperar en línea."
        ),
    ),
]


def seed_actions() -> None:
    head, admin = User.objects.get(username="head"), User.objects.get(username="admin")
    today = local_today()
    for code, point, days_ago, published, said_en, did_en, said_es, did_es in ACTIONS:
        department = Department.objects.filter(code=code).first()
        if department is None or FeedbackAction.objects.filter(department=department, we_did_en=did_en).exists():
            continue
        text = ActionText(
            department=department,
            service_point=ServicePoint.objects.filter(department=department, name_en=point).first(),
            changed_on=today - timedelta(days=days_ago),
            you_said_en=said_en,
            we_did_en=did_en,
            you_said_es=said_es,
            we_did_es=did_es,
        )
        action = save_action(action=None, text=text, by=head, submit=True)
        if published:
            publish_action(action=action, by=admin)
