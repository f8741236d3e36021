"""Every CSV download goes through serviceculture.spreadsheets, which keeps formulas out of spreadsheets."""

import csv
import io

import pytest
from django.urls import reverse

from serviceculture.spreadsheets import csv_download
from tests.factories import make_employee


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_formula_cells_become_text_and_numbers_stay_numbers():
    response = csv_download(
        "report.csv", [["name", "change"], ['=HYPERLINK("http://evil")', "-4.4"], ["@SUM(A1)", "12.5 %"]]
    )
    assert _rows(response) == [["name", "change"], ['\'=HYPERLINK("http://evil")', "-4.4"], ["'@SUM(A1)", "12.5 %"]]


def test_the_file_name_is_made_safe():
    response = csv_download('plan "A";x.csv', [["a"]])
    assert response["Content-Disposition"] == 'attachment; filename="plan-ax.csv"'


@pytest.mark.django_db
def test_training_coverage_csv_neutralises_a_hostile_name(client, org):
    make_employee(org.water, first="=cmd|' /C calc'!A0", last="Hostile")
    client.force_login(org.hr_user)
    body = client.get(reverse("training:coverage"), {"export": "csv"}).content.decode()
    assert "'=cmd|" in body and "\n=cmd|" not in body and ",=cmd|" not in body
