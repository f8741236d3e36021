"""The public standards page: what each department promises, how to reach it, and how it did."""

from django.views.generic import TemplateView

from reports.services.public_data import last_finished_quarter, standards_page_departments


class StandardsView(TemplateView):
    """Every department with published standards or published 'you said, we did' actions, in the resident's
    language; light, no JavaScript."""

    template_name = "reports/standards.html"

    def get_context_data(self, **kwargs):
        quarter = last_finished_quarter()
        return super().get_context_data(departments=standards_page_departments(quarter), quarter=quarter, **kwargs)
