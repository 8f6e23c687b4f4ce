"""Reading the JSON document an import command is given."""

import json
import sys

from django.core.management.base import CommandError


def read_document(file):
    """The JSON document in ``file`` (a path, or ``-`` for standard input).

    Raises CommandError, saying that nothing was imported, when it cannot be
    read or is not JSON.
    """
    try:
        if file == "-":
            return json.load(sys.stdin)
        with open(file, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
    except json.JSONDecodeError as error:
        raise CommandError(
            f"Nothing was imported. {file} is not JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}."
        ) from error
    except UnicodeDecodeError as error:
        raise CommandError(f"Nothing was imported. {file} is not UTF-8 text: {error}.") from error
