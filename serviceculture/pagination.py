"""Pages of a table: django-tables2 lets the query string set `per_page`, which nobody should be able to set
to a negative number (a 500) or to a million (one page holding every row)."""

from typing import Any

from django.core.paginator import Paginator
from django_tables2 import SingleTableMixin

MAX_PER_PAGE = 200


class BoundedPaginator(Paginator):  # type: ignore[type-arg]  # pages of any rows
    """A paginator whose page size stays between 1 and MAX_PER_PAGE, whatever was asked."""

    def __init__(self, object_list: Any, per_page: int | str, *args: Any, **kwargs: Any) -> None:
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)


class TableMixin(SingleTableMixin):
    """SingleTableMixin with the page size kept in bounds; every table view of the project uses it."""

    paginator_class: type[Paginator] = BoundedPaginator  # type: ignore[type-arg]
