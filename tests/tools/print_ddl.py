"""Print the CREATE statements the models make for some tables, to freeze in a migration step.

python -m tests.tools.print_ddl goals qbrs
"""

from __future__ import annotations

import sys

from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from planner.store.models import Base


def ddl(name: str) -> list[str]:
    table = Base.metadata.tables[name]
    dialect = sqlite.dialect()
    statements = [str(CreateTable(table).compile(dialect=dialect)).strip()]
    statements += [
        str(CreateIndex(index).compile(dialect=dialect)).strip()
        for index in sorted(table.indexes, key=lambda i: str(i.name))
    ]
    return statements


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        for statement in ddl(arg):
            print(statement + ";\n")
