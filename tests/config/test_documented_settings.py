"""Every environment variable the settings read is documented, and nothing else is.

The settings modules' source is parsed, not run: each ``env.<method>("NAME",
...)`` or ``env("NAME")`` call of django-environ and each read of
``os.environ`` or ``os.getenv`` names a variable. They must be exactly the
variables in the table of docs/operators/configuration.md.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "config" / "settings"
CONFIGURATION_PAGE = ROOT / "docs" / "operators" / "configuration.md"
VARIABLE = re.compile(r"`([A-Z][A-Z0-9_]*)`")


class EnvironmentReads(ast.NodeVisitor):
    """The variable names a module reads from the environment, and the reads it cannot name."""

    def __init__(self, env_names):
        self.env_names = env_names  # what ``environ.Env()`` was bound to
        self.names, self.unnamed = set(), []

    def visit_Call(self, node):
        if self._is_env_read(node.func) or self._is_os_read(node.func):
            self._named_by(node.args[0] if node.args else None, node)
        self.generic_visit(node)

    def visit_Subscript(self, node):
        if _is_os_environ(node.value):
            self._named_by(node.slice, node)
        self.generic_visit(node)

    def visit_Compare(self, node):
        # "NAME" in os.environ
        if any(_is_os_environ(right) for right in node.comparators):
            self._named_by(node.left, node)
        self.generic_visit(node)

    def _is_env_read(self, func):
        if isinstance(func, ast.Name):  # env("NAME")
            return func.id in self.env_names
        return (  # env.str("NAME"), env.bool(...), env.db(...), env.cache_url(...), ...
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in self.env_names
        )

    def _is_os_read(self, func):
        # os.environ.get / setdefault / pop, os.getenv
        if isinstance(func, ast.Attribute) and _is_os_environ(func.value):
            return func.attr in {"get", "setdefault", "pop"}
        return (
            isinstance(func, ast.Attribute)
            and func.attr == "getenv"
            and isinstance(func.value, ast.Name)
            and func.value.id == "os"
        )

    def _named_by(self, argument, node):
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            self.names.add(argument.value)
        else:
            self.unnamed.append(f"line {node.lineno}: {ast.unparse(node)}")


def _is_os_environ(node):
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _env_names(tree):
    """Names bound to ``environ.Env(...)`` (``env = environ.Env()``) in the module."""
    names = {"env"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and func.attr == "Env":
                names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return names


def variables_read(source):
    """(names, reads that name no variable literally) of one module's source."""
    tree = ast.parse(source)
    reads = EnvironmentReads(_env_names(tree))
    reads.visit(tree)
    return reads.names, reads.unnamed


def settings_variables():
    names, unnamed = set(), []
    for module in sorted(SETTINGS.glob("*.py")):
        found, cannot_tell = variables_read(module.read_text())
        names |= found
        unnamed += [f"{module.relative_to(ROOT)}, {read}" for read in cannot_tell]
    return names, unnamed


def documented_variables(page):
    """The variables in the first column of the page's table headed ``| variable |``."""
    names, in_table = set(), False
    for line in page.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            in_table = False
        elif cells[0] == "variable":
            in_table = True
        elif in_table:
            names.update(VARIABLE.findall(cells[0]))
    return names


def test_the_settings_read_every_variable_by_a_literal_name():
    _names, unnamed = settings_variables()
    assert unnamed == [], "name each environment variable literally, so it can be documented"


def test_every_variable_the_settings_read_is_in_the_configuration_table():
    read, _unnamed = settings_variables()
    documented = documented_variables(CONFIGURATION_PAGE.read_text())

    assert read - documented == set(), (
        "read by config/settings/ but missing from docs/operators/configuration.md"
    )
    assert documented - read == set(), (
        "in docs/operators/configuration.md but no longer read by config/settings/"
    )


def test_the_reads_are_found_in_every_form_the_settings_may_use():
    source = """
import os
import environ
env = environ.Env()
other = environ.Env()
os.environ.setdefault("A_DEFAULT", "x")
DEBUG = env.bool("B_BOOL", default=False)
HOSTS = env.list("C_LIST", default=[])
DATABASES = {"default": env.db("D_DB")}
CACHES = {"default": env.cache_url("E_CACHE", default=env.str("F_NESTED", default=""))}
PLAIN = env("G_CALLED")
OTHER = other.int("H_OTHER_ENV")
SEEN = os.environ.get("I_GET") or os.getenv("J_GETENV") or os.environ["K_INDEXED"]
HAS = "L_IN" in os.environ
NAME = "M"
DYNAMIC = env.str(NAME)
"""
    names, unnamed = variables_read(source)

    assert names == {
        "A_DEFAULT",
        "B_BOOL",
        "C_LIST",
        "D_DB",
        "E_CACHE",
        "F_NESTED",
        "G_CALLED",
        "H_OTHER_ENV",
        "I_GET",
        "J_GETENV",
        "K_INDEXED",
        "L_IN",
    }
    assert unnamed == ["line 16: env.str(NAME)"]


def test_only_the_variables_table_is_read_from_the_page():
    page = """
Some `NOT_A_ROW` in prose.

| variable | default | what |
|---|---|---|
| `FIRST` | `1` | Mentions `NOT_IN_THE_FIRST_COLUMN`. |
| `SECOND`, `THIRD` | none | Two in one row. |

| command | what |
|---|---|
| `OTHER_TABLE` | not a variable |
"""
    assert documented_variables(page) == {"FIRST", "SECOND", "THIRD"}
