import pytest
from django.core.exceptions import ValidationError

from org.models import Department
from tests.factories import make_department


@pytest.mark.django_db
def test_subtree_contains_every_level_below_and_nothing_beside():
    county = make_department("C", "County")
    works = make_department("W", "Works", county)
    roads = make_department("R", "Roads", works)
    bridges = make_department("B", "Bridges", roads)
    health = make_department("H", "Health", county)

    subtree = set(Department.objects.subtree(works))

    assert subtree == {works, roads, bridges}
    assert health not in subtree
    assert [d.depth for d in (county, works, roads, bridges)] == [0, 1, 2, 3]


@pytest.mark.django_db
def test_moving_a_department_moves_its_whole_subtree():
    county = make_department("C", "County")
    works = make_department("W", "Works", county)
    roads = make_department("R", "Roads", works)
    bridges = make_department("B", "Bridges", roads)
    health = make_department("H", "Health", county)

    roads.parent = health
    roads.save()

    bridges.refresh_from_db()
    assert set(Department.objects.subtree(health)) == {health, roads, bridges}
    assert set(Department.objects.subtree(works)) == {works}
    assert bridges.path.startswith(health.path) and bridges.depth == 3
    assert list(bridges.ancestors()) == [county, health, roads]


@pytest.mark.django_db
def test_a_department_cannot_be_moved_under_its_own_division():
    county = make_department("C", "County")
    works = make_department("W", "Works", county)
    roads = make_department("R", "Roads", works)

    works.parent = roads
    with pytest.raises(ValidationError):
        works.full_clean()
    with pytest.raises(ValidationError):
        works.save()
