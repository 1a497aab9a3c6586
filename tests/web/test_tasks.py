"""Background tasks wait in the database until the `db_worker` beside the server runs them."""

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus, task


@task
def add(a: int, b: int) -> int:
    return a + b


@pytest.mark.django_db(transaction=True)
def test_an_enqueued_task_is_run_by_the_database_worker():
    """A task is stored on enqueue and finished, with its value, after one worker batch."""
    result = add.enqueue(2, 3)
    assert result.status == TaskResultStatus.READY
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5
