"""Plain SQL for the few statements every respondent request runs, built from the models.

Compiling an ORM query costs about ten times more than running it here (0.8 ms
against 0.05 ms for the link lookup, bench/journey_cpu.py): on the respondent's path,
which runs a handful of them per page, that was a quarter of the server's time. The
statements are written once per model and column list, from the models' own metadata,
and values pass through the fields' own conversions both ways, so they behave as the
ORM's do on SQLite and PostgreSQL alike.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

Converter = Callable[[Any, Any, Any], Any]
Converters = tuple[list[Converter], Any]


def select[M: models.Model](
    model: type[M], *, lock: bool = False, only: frozenset[str] | None = None, **equals: Any
) -> list[M]:
    """Instances of `model` whose fields equal `equals`.

    `only` names the fields to read, as for `joined`; without it every column is read.
    `lock` takes the row lock where the database has one (SQLite's write transaction
    already holds the whole database).
    """
    db = _db()
    names = tuple(sorted(equals))
    sql, attnames, converters = _select(
        model, names, lock and db.features.has_select_for_update, only
    )
    params = [_field(model, name).get_db_prep_value(equals[name], db) for name in names]
    with _cursor(db) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [_instance(model, attnames, _converted(row, converters, db)) for row in rows]


def joined(
    models_: Sequence[type[models.Model]],
    sql_from: str,
    where: str,
    params: Sequence[Any],
    only: Sequence[frozenset[str]] | None = None,
) -> list[models.Model] | None:
    """The first row of a join as one instance per model, in the order given; None if none.

    `sql_from` joins the tables named `t0`, `t1`, … after the models' order. `only`
    names, per model, the fields to read (its primary key is always read); the others
    are deferred, loaded if touched. Each column read costs a little in every request.
    """
    sql, parts = _joined(tuple(models_), sql_from, where, tuple(only or ()))
    db = _db()
    with _cursor(db) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    found: list[models.Model] = []
    start = 0
    for model, attnames, converters in parts:
        values = _converted(row[start : start + len(converters)], converters, db)
        found.append(_instance(model, attnames, values))
        start += len(converters)
    return found


class Statement(NamedTuple):
    """A write with its parameters converted: made before the write lock is taken, so
    that the lock is held only while SQL runs (a JSON document's encoding is a good part
    of a submission's write)."""

    sql: str
    params: list[Any]


def run(statement: Statement) -> int:
    """Runs the write; the rows it changed."""
    with _cursor(_db()) as cursor:
        cursor.execute(statement.sql, statement.params)
        changed: int = cursor.rowcount
    return changed


def insert(instance: models.Model, *, unless_taken: str | None = None) -> bool:
    """Inserts the instance as it is; with `unless_taken`, does nothing if that unique field
    already has its value. True when a row was inserted."""
    return run(insert_statement(instance, unless_taken=unless_taken)) == 1


def insert_statement(instance: models.Model, *, unless_taken: str | None = None) -> Statement:
    fields = _concrete(type(instance))
    db = _db()
    values = [f.get_db_prep_save(f.pre_save(instance, True), db) for f in fields]
    return Statement(_insert(type(instance), unless_taken), values)


def update(
    model: type[models.Model],
    pk: Any,
    *,
    unless_changed: Mapping[str, Any] | None = None,
    **values: Any,
) -> int:
    """Sets the named fields of one row, converted as the fields convert; the rows changed.

    With `unless_changed`, only while those fields still hold those values.
    """
    return run(update_statement(model, pk, unless_changed=unless_changed, **values))


def update_statement(
    model: type[models.Model],
    pk: Any,
    *,
    unless_changed: Mapping[str, Any] | None = None,
    **values: Any,
) -> Statement:
    unchanged = unless_changed or {}
    sql, fields, held = _update(model, tuple(sorted(values)), tuple(sorted(unchanged)))
    db = _db()
    params = [f.get_db_prep_save(values[f.name], db) for f in fields]
    params.append(_pk(model).get_db_prep_value(pk, db))
    params += [f.get_db_prep_save(unchanged[f.name], db) for f in held]
    return Statement(sql, params)


def delete(
    model: type[models.Model], pk: Any, *, unless_changed: Mapping[str, Any] | None = None
) -> int:
    """Deletes one row; with `unless_changed`, only while those fields still hold those
    values. The rows deleted."""
    return run(delete_statement(model, pk, unless_changed=unless_changed))


def delete_statement(
    model: type[models.Model], pk: Any, *, unless_changed: Mapping[str, Any] | None = None
) -> Statement:
    unchanged = unless_changed or {}
    sql, held = _delete(model, tuple(sorted(unchanged)))
    db = _db()
    params = [_pk(model).get_db_prep_value(pk, db)]
    params += [f.get_db_prep_save(unchanged[f.name], db) for f in held]
    return Statement(sql, params)


def _instance[M: models.Model](model: type[M], attnames: list[str], values: list[Any]) -> M:
    """What `model.from_db()` makes of a row, without running `Model.__init__`.

    That runs the init signals and fills each field one by one: for the four rows of a
    respondent's page, a twentieth of its time. A model whose init signals anybody
    listens to still goes through it. A column left out stays a deferred field, loaded
    if touched, as from_db leaves it.
    """
    if _listened(model):
        return model.from_db(None, attnames, values)
    instance = _filled(model, zip(attnames, values, strict=True))
    instance._state.adding = False
    instance._state.db = DEFAULT_DB_ALIAS
    return instance


def made[M: models.Model](model: type[M], **values: Any) -> M:
    """What `model(**values)` makes of values given by attname, without Model.__init__'s
    walk through every field (a thirtieth of a submission); fields left out take their
    defaults, as there. Anything else (a related object by name, a model whose init
    signals anybody listens to) goes through Model.__init__."""
    if _listened(model) or not values.keys() <= _attnames(model):
        return model(**values)
    for field in _concrete(model):
        if field.attname not in values:
            values[field.attname] = field.get_default()
    return _filled(model, values.items())


def _filled[M: models.Model](model: type[M], values: Iterable[tuple[str, Any]]) -> M:
    """A new, unsaved instance holding `values` by attname, past Model.__init__."""
    instance = model.__new__(model)
    instance.__dict__.update(values)
    instance._state = ModelState()
    return instance


@cache
def _attnames(model: type[models.Model]) -> frozenset[str]:
    return frozenset(f.attname for f in _concrete(model))


def copied[M: models.Model](instance: M, **changes: Any) -> M:
    """A new instance of the same row with `changes` made, as cheaply as reads make them
    (copy.copy() goes through pickling's protocol)."""
    fresh = _instance(type(instance), [], [])
    fresh.__dict__.update({k: v for k, v in instance.__dict__.items() if k != "_state"}, **changes)
    return fresh


@cache
def _listened(model: type[models.Model]) -> bool:
    # Asked once per model: receivers connect while the apps load, before any request.
    return pre_init.has_listeners(model) or post_init.has_listeners(model)


def _cursor(db: BaseDatabaseWrapper) -> Any:
    """A cursor of the connection, to be used in a with block.

    Django's own cursor costs a statement here about ten microseconds of Python on
    SQLite (its wrappers, and the placeholders rewritten each time), more than SQLite
    takes to run most of them. On SQLite, unless something watches the statements (a
    debug cursor, an execute wrapper: a test counting queries), this is the sqlite3
    cursor itself, with the checks Django makes first and its errors as Django's.
    """
    if db.vendor != "sqlite" or db.queries_logged or db.execute_wrappers:
        return db.cursor()
    return _SqliteCursor(db)


class _SqliteCursor:
    """The sqlite3 cursor of `db`'s connection, taking Django's placeholders."""

    def __init__(self, db: BaseDatabaseWrapper) -> None:
        db.validate_thread_sharing()
        db.close_if_health_check_failed()
        db.ensure_connection()
        self.db = db
        self.errors = db.wrap_database_errors
        self.cursor = db.connection.cursor()

    def __enter__(self) -> "_SqliteCursor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.cursor.close()

    def execute(self, sql: str, params: Sequence[Any]) -> None:
        self.db.validate_no_broken_transaction()
        with self.errors:
            self.cursor.execute(_qmarks(sql), params)

    def fetchone(self) -> Any:
        with self.errors:
            return self.cursor.fetchone()

    def fetchall(self) -> list[Any]:
        with self.errors:
            return list(self.cursor.fetchall())

    @property
    def rowcount(self) -> int:
        return int(self.cursor.rowcount)


@cache
def _qmarks(sql: str) -> str:
    """The statement with sqlite3's placeholders, as Django's SQLite cursor rewrites it
    (the statements here are few and fixed, so each is rewritten once)."""
    return str(FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%"))


def _db() -> BaseDatabaseWrapper:
    """The default connection itself: each attribute asked of the `connection` proxy
    looks the connection up again, and a request here asks a few dozen."""
    return connections[DEFAULT_DB_ALIAS]


# --- statements, built once per model and shape ---------------------------------------


def _concrete(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


@cache
def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    return cast(models.Field[Any, Any], model._meta.get_field(name))


def _pk(model: type[models.Model]) -> models.Field[Any, Any]:
    pk = model._meta.pk
    assert pk is not None
    return pk


def _column(field: models.Field[Any, Any]) -> str:
    return _q(str(field.column))


def _read(
    model: type[models.Model], only: frozenset[str] | None = None
) -> list[models.Field[Any, Any]]:
    """The fields a read loads: those `only` names with the primary key, else every
    concrete one."""
    if only is None:
        return _concrete(model)
    return [f for f in _concrete(model) if f.primary_key or f.name in only]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _columns(model: type[models.Model], alias: str, only: frozenset[str] | None = None) -> str:
    return ", ".join(f"{alias}.{_column(f)}" for f in _read(model, only))


@cache
def _select(
    model: type[models.Model], names: tuple[str, ...], lock: bool, only: frozenset[str] | None
) -> tuple[str, list[str], list[Converters]]:
    where = " AND ".join(f"t0.{_column(_field(model, name))} = %s" for name in names)
    sql = (
        f"SELECT {_columns(model, 't0', only)} FROM {_q(model._meta.db_table)} t0 "
        f"WHERE {where}{' FOR UPDATE' if lock else ''}"
    )
    return sql, [f.attname for f in _read(model, only)], _converters(model, "t0", only)


@cache
def _joined(
    models_: tuple[type[models.Model], ...],
    sql_from: str,
    where: str,
    only: tuple[frozenset[str], ...],
) -> tuple[str, list[tuple[type[models.Model], list[str], list[Converters]]]]:
    reads = only or (None,) * len(models_)
    aliases = [f"t{n}" for n in range(len(models_))]
    tables = {f"t{n}": _q(m._meta.db_table) for n, m in enumerate(models_)}
    shapes = list(zip(models_, aliases, reads, strict=True))
    columns = ", ".join(_columns(m, a, o) for m, a, o in shapes)
    sql = f"SELECT {columns} FROM {sql_from.format(**tables)} WHERE {where}"
    return sql, [(m, [f.attname for f in _read(m, o)], _converters(m, a, o)) for m, a, o in shapes]


@cache
def _update(
    model: type[models.Model], names: tuple[str, ...], held: tuple[str, ...]
) -> tuple[str, list[models.Field[Any, Any]], list[models.Field[Any, Any]]]:
    fields = [_field(model, name) for name in names]
    sets = ", ".join(f"{_column(f)} = %s" for f in fields)
    where, kept = _row_where(model, held)
    return f"UPDATE {_q(model._meta.db_table)} SET {sets} WHERE {where}", fields, kept


@cache
def _delete(
    model: type[models.Model], held: tuple[str, ...]
) -> tuple[str, list[models.Field[Any, Any]]]:
    where, kept = _row_where(model, held)
    return f"DELETE FROM {_q(model._meta.db_table)} WHERE {where}", kept


def _row_where(
    model: type[models.Model], held: tuple[str, ...]
) -> tuple[str, list[models.Field[Any, Any]]]:
    """One row by its primary key, while the `held` fields keep their values."""
    kept = [_field(model, name) for name in held]
    return " AND ".join(
        [f"{_column(_pk(model))} = %s", *(f"{_column(f)} = %s" for f in kept)]
    ), kept


@cache
def _insert(model: type[models.Model], unless_taken: str | None) -> str:
    fields = _concrete(model)
    columns = ", ".join(_column(f) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {_q(model._meta.db_table)} ({columns}) VALUES ({marks})"
    if unless_taken is not None:
        sql += f" ON CONFLICT ({_column(_field(model, unless_taken))}) DO NOTHING"
    return sql


def _converters(
    model: type[models.Model], alias: str, only: frozenset[str] | None = None
) -> list[Converters]:
    """What the ORM's compiler applies to each column's raw value, in the same order."""
    found = []
    for field in _read(model, only):
        column = field.get_col(alias)
        chain = [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]
        found.append((chain, column))
    return found


def _converted(
    row: Sequence[Any], converters: list[Converters], db: BaseDatabaseWrapper
) -> list[Any]:
    values = list(row)
    for index, (chain, column) in enumerate(converters):
        for convert in chain:
            values[index] = convert(values[index], column, db)
    return values
