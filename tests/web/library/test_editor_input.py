"""Bad input to the editor: every kind of element, every field, odd values; never a 500."""

import pytest

from mognad.core import edit
from mognad.web.apps.library.editing import save_edited_draft
from mognad.web.apps.library.editor_fields import kind_of
from mognad.web.apps.library.editor_view import at_text, element_paths
from mognad.web.apps.library.models import InstrumentDraft
from tests.web.factories import make_user, make_workspace

pytestmark = pytest.mark.django_db

ODD_VALUES = ["", "x" * 6000, "-1e999", "<script>alert(1)</script>"]


@pytest.fixture
def owner(client):
    user = make_user()
    make_workspace("acme", user=user)
    client.force_login(user)
    return client


def _one_path_per_kind(instrument):
    found = {}
    for path in element_paths(instrument).values():
        found.setdefault(kind_of(path), path)
    return found


def test_odd_values_in_every_field_of_every_kind_answer_302_or_400(owner):
    """Each field of one element of each kind gets each odd value: stored or refused, no 500."""
    owner.post("/w/acme/library/platform-ecosystem/1.0.0/fork/")
    draft = InstrumentDraft.objects.get()
    # One dimension and two recommendations keep every kind of element, and each request fast.
    small = edit.loads(draft.yaml)
    small = edit.update(small, [(("dimensions",), edit.get(small, ("dimensions",))[:1])])
    small = edit.update(small, [(("recommendations",), edit.get(small, ("recommendations",))[:2])])
    save_edited_draft(draft, small)
    kinds = _one_path_per_kind(small)
    assert {"head", "dimension", "item", "option", "level", "category", "phases"} <= set(kinds)
    assert {"recommendation", "scale", "label", "missing", "reflect"} <= set(kinds)
    for kind, path in kinds.items():
        url = (
            f"/w/acme/library/drafts/{draft.pk}/edit/{at_text(path)}/"
            if path
            else (f"/w/acme/library/drafts/{draft.pk}/edit/")
        )
        fields = owner.get(url).context["fields"]
        for field in fields:
            for value in ODD_VALUES:
                response = owner.post(url, {"action": "save", field.input_name: value})
                assert response.status_code in (302, 400), (kind, field.spec.name, value)
        draft.refresh_from_db()
        assert edit.loads(draft.yaml)  # whatever was stored still has the right shape


@pytest.mark.parametrize(
    "data",
    [
        {"action": "add", "list": "items", "new-key": "Bad Key", "new-text": "Q"},
        {"action": "add", "list": "items", "new-key": "ok", "new-text": "", "new-type": "x"},
        {"action": "add", "list": "nothing", "new-key": "ok", "new-text": "Q"},
        {"action": "up"},
        {"action": "remove"},
    ],
)
def test_odd_structural_requests_are_refused_cleanly(owner, data):
    """A bad key, a missing text, an unknown list, or moving the head: 400, 404 or redirect."""
    owner.post("/w/acme/library/people-first/1.0.0/fork/")
    draft = InstrumentDraft.objects.get()
    for url in (
        f"/w/acme/library/drafts/{draft.pk}/edit/dimensions/0/",
        f"/w/acme/library/drafts/{draft.pk}/edit/",
    ):
        response = owner.post(url, data)
        assert response.status_code in (302, 400, 404)
    draft.refresh_from_db()
    assert edit.loads(draft.yaml)


def test_a_bad_key_for_a_new_question_is_explained_and_the_typing_kept(owner):
    """'Bad Key' breaks the key pattern: 400, the message, and both typed values back."""
    owner.post("/w/acme/library/people-first/1.0.0/fork/")
    draft = InstrumentDraft.objects.get()
    response = owner.post(
        f"/w/acme/library/drafts/{draft.pk}/edit/dimensions/0/",
        {"action": "add", "list": "items", "new-key": "Bad Key", "new-text": "Who decides?"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Bad Key"' in html and 'value="Who decides?"' in html
    assert response.context["add_errors"]
