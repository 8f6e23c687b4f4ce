"""A column compared with a list of values sent as one parameter.

The live guides' release ids are known once per public version (a few
hundred, growing with the guides). ``release_id IN (...)`` would send each as
a parameter of its own, so the SQL would change with their number and every
read would compile it anew; ``OneOf`` sends the list as one value, so a read
compiles once (api/public/prepared.py) and the database gets one array.
"""

import json

from django.db.models import Lookup


class OneOf(Lookup):
    """``lhs`` is one of ``rhs`` (a list of integers): usable as a filter() expression,
    e.g. ``filter(OneOf(F("release_id"), ids))``."""

    lookup_name = "one_of"
    prepare_rhs = False

    def __init__(self, lhs, rhs):
        super().__init__(lhs, [int(value) for value in rhs])

    def as_sql(self, compiler, connection):
        # PostgreSQL: an integer array, which the planner hashes when it is long.
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, self.rhs]

    def as_sqlite(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.rhs)]
