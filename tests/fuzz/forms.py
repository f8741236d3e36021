"""Reading the forms a page offers, as a browser would: field names, the values it would send, the choices."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    choices: list[str] = field(default_factory=list)  # options of a select, values of radios and checkboxes
    sent: list[str] = field(default_factory=list)  # what the browser sends untouched (selected, checked, typed)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)

    def field(self, name: str) -> Field:
        return self.fields.setdefault(name, Field(name))


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.option: dict | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.form = Form(attrs.get("action", ""), attrs.get("method", "get").lower())
            self.forms.append(self.form)
        elif self.form is None or (not attrs.get("name") and tag != "option"):
            return
        elif tag in ("input", "button"):
            self._input(tag, attrs)
        elif tag == "select":
            self.select = self.form.field(attrs["name"])
        elif tag == "option" and self.select is not None:
            self.option = attrs
            self.select.choices.append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select.sent.append(attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = self.form.field(attrs["name"])
            self.textarea.sent.append("")

    def _input(self, tag, attrs):
        kind = attrs.get("type", "submit" if tag == "button" else "text").lower()
        entry = self.form.field(attrs["name"])
        value = attrs.get("value", "on" if kind in ("checkbox", "radio") else "")
        if kind in ("checkbox", "radio", "submit"):
            entry.choices.append(value)
            if "checked" in attrs:
                entry.sent.append(value)
        else:
            entry.sent.append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.sent[-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def forms_on(html: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(html)
    return reader.forms
