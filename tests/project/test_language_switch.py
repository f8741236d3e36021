import re

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("reading_in", ["en", "es"])
def test_each_language_button_names_its_language_in_that_language(client, reading_in):
    client.cookies["django_language"] = reading_in

    page = client.get("/standards/").content.decode()

    buttons = dict(re.findall(r'<button[^>]*value="(en|es)"[^>]*>([^<]+)</button>', page))
    assert buttons == {"en": "English", "es": "Español"}
