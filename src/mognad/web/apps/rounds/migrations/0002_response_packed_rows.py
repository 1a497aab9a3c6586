"""Packed score rows on Response, filled for the responses stored before them."""

from typing import Any

from django.db import migrations, models

BATCH = 2000


def fill_packed_rows(apps: Any, schema_editor: Any) -> None:
    from mognad.core.analysis import layout_of, pack_items, pack_scores
    from mognad.core.io import parse_instrument

    round_model = apps.get_model("rounds", "Round")
    response_model = apps.get_model("rounds", "Response")
    for round_ in round_model.objects.all().iterator():
        layout = layout_of(parse_instrument(round_.instrument_yaml, source="round"))
        batch = []
        for response in response_model.objects.filter(round=round_).iterator(chunk_size=BATCH):
            response.score_row = pack_scores(layout, response.scores)
            response.item_row = pack_items(layout, response.scores, response.answers)
            batch.append(response)
            if len(batch) == BATCH:
                response_model.objects.bulk_update(batch, ["score_row", "item_row"])
                batch = []
        response_model.objects.bulk_update(batch, ["score_row", "item_row"])


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="item_row",
            field=models.BinaryField(default=b""),
        ),
        migrations.AddField(
            model_name="response",
            name="score_row",
            field=models.BinaryField(default=b""),
        ),
        migrations.RunPython(fill_packed_rows, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(
                fields=["round", "group", "score_row"], name="response_score_rows"
            ),
        ),
    ]
