"""PDF reports: made by the background worker, stored, downloaded, in every round language."""

import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image

from mognad.web.apps.actions.actions import ActionFields, create_action
from mognad.web.apps.actions.models import SourceKind
from mognad.web.apps.reports.models import Report, ReportState
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import RoundState
from mognad.web.apps.workspaces.models import Membership, Role, Workspace
from tests.web.factories import add_responses, make_round, make_user, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)

# The cover, the summary, the radar and heatmap page, then one page per top-level
# dimension, then progress, the benchmark, recommendations with actions (one page or
# more) and the method.
PAGES_BEFORE_DIMENSIONS = 3
HEADINGS = {
    "en": ("Summary", "How these results were made"),
    "sv": ("Sammanfattning", "Så togs resultaten fram"),
    "de": ("Zusammenfassung", "Wie diese Ergebnisse entstanden sind"),
    "nl": ("Samenvatting", "Hoe deze resultaten tot stand kwamen"),
}


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def owner(client):
    user = make_user()
    client.force_login(user)
    return user


@pytest.fixture
def second_round(owner):
    """T1 of a series whose T0 had an action on customers; both rounds have results."""
    workspace = make_workspace("acme", owner)
    first = make_round(workspace, state=RoundState.CLOSED)
    add_responses(first, "leadership", [1, 2, 2, 3, 1])
    add_responses(first, "staff", [2, 3, 3, 2, 2, 3])
    fields = ActionFields(title="Visit twenty customers", owner="Ada", dimensions=["customers"])
    create_action(first, fields, SourceKind.RECOMMENDATION, "customers.watching")
    second = make_round(workspace)
    add_responses(second, "leadership", [3, 4, 4, 5, 3])
    add_responses(second, "staff", [1, 2, 1, 2, 1, 2])
    return second


def _ask(client, round_, language="en"):
    url = reverse("reports:request", args=[round_.workspace.slug, round_.pk])
    return client.post(url, {"language": language})


def _pdf(tmp_path: Path, client, report: Report) -> Path:
    response = client.get(reverse("reports:download", args=["acme", report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / f"report-{report.language}.pdf"
    path.write_bytes(response.content)
    return path


def _page_text(path: Path, page: int) -> str:
    command = ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _inked_share(png: Path) -> float:
    """The share of pixels that are not (nearly) white."""
    histogram = Image.open(png).convert("L").histogram()
    return sum(histogram[:235]) / sum(histogram)


def test_a_report_is_made_in_the_background_then_downloaded(client, second_round, tmp_path):
    """Asking queues a task; the status page polls; after the worker ran the PDF downloads."""
    response = _ask(client, second_round)
    report = Report.objects.get()
    assert response["Location"] == reverse("reports:status", args=["acme", report.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert '<noscript><meta http-equiv="refresh"' in waiting and 'hx-trigger="every 2s"' in waiting
    run_worker()
    report.refresh_from_db()
    assert (report.state, report.progress) == (ReportState.DONE, 100)
    done = client.get(response["Location"]).content.decode()
    assert (
        "http-equiv" not in done and reverse("reports:download", args=["acme", report.pk]) in done
    )
    assert _pdf(tmp_path, client, report).read_bytes().startswith(b"%PDF-")


def test_the_pages_are_not_blank_and_follow_the_content(client, second_round, tmp_path):
    """Every page has ink; each top-level dimension has its page; progress and method follow."""
    _ask(client, second_round)
    run_worker()
    report = Report.objects.get()
    path = _pdf(tmp_path, client, report)
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(path), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == report.pages
    assert all(_inked_share(png) > 0.002 for png in pngs)
    dimensions = round_instrument(second_round).dimensions
    for i, dimension in enumerate(dimensions, start=PAGES_BEFORE_DIMENSIONS + 1):
        assert dimension.title["en"] in _page_text(path, i).strip().splitlines()[0]
    progress_page = PAGES_BEFORE_DIMENSIONS + len(dimensions) + 1
    assert "Progress since the last round" in _page_text(path, progress_page)
    assert "Benchmark against peers" in _page_text(path, progress_page + 1)
    assert "Recommendations and actions" in _page_text(path, progress_page + 2)
    assert report.pages >= progress_page + 3
    advice = "".join(_page_text(path, p) for p in range(progress_page + 2, report.pages))
    assert "Visit twenty customers" in advice
    assert "How these results were made" in _page_text(path, report.pages)


def test_asking_again_reuses_the_report_until_the_answers_change(client, second_round):
    """A second request makes nothing new; a new answer makes the next request rebuild."""
    _ask(client, second_round)
    run_worker()
    tasks = DBTaskResult.objects.count()
    _ask(client, second_round)
    assert DBTaskResult.objects.count() == tasks
    assert Report.objects.get().state == ReportState.DONE
    add_responses(second_round, "staff", [3])
    _ask(client, second_round)
    assert DBTaskResult.objects.count() == tasks + 1
    assert Report.objects.get().state == ReportState.QUEUED


@pytest.mark.parametrize("language", ["sv", "de", "nl", "en"])
def test_the_report_reads_in_each_of_the_rounds_languages(client, second_round, tmp_path, language):
    """The headings are in the chosen language, and so are the questionnaire's own texts."""
    _ask(client, second_round, language)
    run_worker()
    path = _pdf(tmp_path, client, Report.objects.get(language=language))
    summary, method = HEADINGS[language]
    assert summary in _page_text(path, 2)
    first_dimension = round_instrument(second_round).dimensions[0].title[language]
    assert first_dimension in _page_text(path, PAGES_BEFORE_DIMENSIONS + 1)
    assert method in _page_text(path, Report.objects.get(language=language).pages)


def test_a_language_the_round_lacks_is_refused(client, second_round):
    """An unknown language is named as unavailable, not queued."""
    response = _ask(client, second_round, "fi")
    assert response.status_code == 200
    assert "not available in that language" in response.content.decode()
    assert not Report.objects.exists()


def test_a_viewer_downloads_reports_but_cannot_ask_for_one(client, second_round):
    """Viewers read the report page and download; asking for a report answers 403."""
    _ask(client, second_round)
    run_worker()
    viewer = make_user("vic@example.org")
    Membership.objects.create(workspace=second_round.workspace, user=viewer, role=Role.VIEWER)
    client.force_login(viewer)
    page = reverse("reports:request", args=["acme", second_round.pk])
    assert client.get(page).status_code == 200
    assert _ask(client, second_round, "sv").status_code == 403
    report = Report.objects.get()
    assert client.get(reverse("reports:download", args=["acme", report.pk])).status_code == 200


def test_small_groups_stay_out_of_the_report(client, owner, tmp_path):
    """A group below k is only “fewer than k”: in the heatmap it is inside “Other groups”."""
    workspace = make_workspace("acme", owner)
    round_ = make_round(workspace, groups=("leadership", "staff", "customers"))
    add_responses(round_, "leadership", [1, 2, 3, 2, 1])
    add_responses(round_, "staff", [2, 3, 4, 3, 2])
    add_responses(round_, "customers", [5, 5])
    _ask(client, round_)
    run_worker()
    path = _pdf(tmp_path, client, Report.objects.get())
    summary = _page_text(path, 2)
    assert "fewer than 5" in summary
    heatmap = _page_text(path, PAGES_BEFORE_DIMENSIONS).split("All groups")[1]
    rows = [line.strip() for line in heatmap.splitlines()]
    assert any(line.startswith("Staff") for line in rows)
    assert any(line.startswith("Other groups") for line in rows)
    assert not any(line.startswith(("Customers", "Leadership")) for line in rows)


def test_the_benchmark_page_says_how_many_peers_are_missing(client, second_round, tmp_path):
    """Not opted in, the page says so; opted in without peers, it names the organisations
    still needed instead of a percentile."""
    _ask(client, second_round)
    run_worker()
    path = _pdf(tmp_path, client, Report.objects.get())
    benchmark_page = PAGES_BEFORE_DIMENSIONS + len(round_instrument(second_round).dimensions) + 2
    assert "does not share its results" in _page_text(path, benchmark_page)
    Workspace.objects.filter(pk=second_round.workspace_id).update(benchmark_opt_in=True)
    Report.objects.all().delete()
    _ask(client, second_round)
    run_worker()
    text = _page_text(_pdf(tmp_path, client, Report.objects.get()), benchmark_page)
    assert "Needs 5 more organisations in the pool." in " ".join(text.split())
