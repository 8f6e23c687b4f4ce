"""Read an admin change page the way a browser would submit it back."""

import threading

from django.db import connection, connections
from django.test.utils import CaptureQueriesContext


def page_data(response):
    """The POST data that submitting ``response``'s form unchanged would send."""
    data = _values(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        data.update(_values(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(_values(form))
        # The guide page's outline: each section's own formset of tips.
        for nested in getattr(inline.formset, "tip_formsets", {}).values():
            data.update(_values(nested.management_form))
            for form in nested.forms:
                data.update(_values(form))
    return data


def _values(form):
    values = {}
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if value is True:
            values[key] = "on"
        elif isinstance(value, list | tuple):
            values[key] = [str(item) for item in value]
        else:
            values[key] = str(value)
        if form.fields[name].show_hidden_initial:
            values[form.add_initial_prefix(name)] = _loaded_value(form, name, values.get(key, ""))
    return values


def _loaded_value(form, name, shown):
    """The hidden "as loaded" value the page carries, as Django renders it."""
    initial_key = form.add_initial_prefix(name)
    if form.is_bound and initial_key in form.data:  # a page sent back: it keeps what it had
        value = (
            form.fields[name]
            .hidden_widget()
            .value_from_datadict(form.data, form.files, initial_key)
        )
        return [str(item) for item in value] if isinstance(value, list | tuple) else value
    return shown


def inline_prefix_of(data, prefix, field, value):
    """The form prefix (e.g. ``tips-3``) of the inline row whose ``field`` is ``value``."""
    for key, item in data.items():
        if key.startswith(f"{prefix}-") and key.endswith(f"-{field}") and item == str(value):
            return key.removesuffix(f"-{field}")
    raise KeyError(f"No {prefix} row with {field}={value!r}")


def edit_row(data, prefix, field, value, **changes):
    """Change the inline row whose ``field`` shows ``value``, as the editor would on the page."""
    row = inline_prefix_of(data, prefix, field, value)
    for name, new_value in changes.items():
        data[f"{row}-{name}"] = str(new_value)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def post_at_once(url, posts):
    """POST each ``(client, data)`` to ``url`` from its own thread, all at the same moment.

    Returns each response, or the exception a 500 raised in the view.
    """
    start = threading.Barrier(len(posts))
    responses = [None] * len(posts)

    def save(index, client, data):
        try:
            start.wait()
            responses[index] = client.post(url, data)
        except Exception as error:  # a 500 in the view reaches the test client as an exception
            responses[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(index, *post)) for index, post in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses
