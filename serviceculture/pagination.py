"""Pages of a table: django-tables2 lets the query string set `per_page`, which nobody should be able to set
to a negative number (a 500) or to a million (one page holding every row)."""

import json
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import QuerySet
from django_tables2 import SingleTableMixin

MAX_PER_PAGE = 200


class BoundedPaginator(Paginator):  # type: ignore[type-arg]  # pages of any rows
    """A paginator whose page size stays between 1 and MAX_PER_PAGE, whatever was asked.

    `estimated_count`, when a view passes one, stands for the count (which is then never made): see
    `estimated_rows`. The page shows it as "about"."""

    def __init__(
        self, object_list: Any, per_page: int | str, *args: Any, estimated_count: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)
        self.estimated = estimated_count is not None
        if self.estimated:
            self.__dict__["count"] = estimated_count  # Paginator.count is a cached property: this is its value

    def page(self, number: Any) -> Page:  # type: ignore[type-arg]
        """With an estimated count, a page holds what the rows hold, never fewer than they have because the
        estimate was lower. A page past the last row is the one case that counts after all: the table then
        shows the real last page, as it does past a counted end."""
        if not self.estimated:
            return super().page(number)
        number = self._positive(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list[bottom : bottom + self.per_page]
        if number > 1 and not len(rows):
            self.estimated = False
            for counted in ("count", "num_pages"):
                self.__dict__.pop(counted, None)
            return super().page(number)
        return Page(rows, number, self)

    def _positive(self, number: Any) -> int:
        try:
            page = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if page < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return page


# Below this many rows an exact count costs a few milliseconds and is made; above it, a page that lists a
# whole table without filters may say "about" instead (a count reads every row: 0.1 s at a million).
ESTIMATE_FROM = 100_000


def estimated_rows(queryset: QuerySet[Any]) -> int | None:
    """PostgreSQL's estimate of how many rows `queryset` holds, when it is at least ESTIMATE_FROM; else None.
    From the table's statistics, so close for a whole table and a few plain conditions, and only as good as
    the planner's guess for anything narrower: the caller asks only for unfiltered lists."""
    if connection.vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    rows = int(plan[0]["Plan"]["Plan Rows"])
    return rows if rows >= ESTIMATE_FROM else None


class TableMixin(SingleTableMixin):
    """SingleTableMixin with the page size kept in bounds; every table view of the project uses it."""

    paginator_class: type[Paginator] = BoundedPaginator  # type: ignore[type-arg]
