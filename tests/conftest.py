import os
import subprocess
import uuid

import psycopg2
import pytest


def _odoo(*args, stdin=None):
    command = [
        os.environ["BR_ODOO_BIN"],
        *args,
        f"--addons-path={os.environ['BR_ADDONS_PATH']}",
        f"--db_host={os.environ['PGHOST']}",
        f"--db_port={os.environ['PGPORT']}",
        f"--db_user={os.environ['PGUSER']}",
        "--log-level=warn",
    ]
    result = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Traceback" not in result.stderr, result.stderr[-4000:]
    return result


@pytest.fixture
def odoo():
    return _odoo


@pytest.fixture
def fresh_db():
    """The name of a database that does not exist yet; dropped after the test."""
    name = f"br_sys_{uuid.uuid4().hex[:10]}"
    yield name
    subprocess.run(["dropdb", "--if-exists", name], check=False)


@pytest.fixture
def sql():
    def run(db, query):
        with psycopg2.connect(dbname=db) as connection, connection.cursor() as cursor:
            cursor.execute(query)
            return cursor.fetchall()

    return run
