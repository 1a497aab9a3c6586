"""Random parts and tokens on Response, pair rows, and the stored summary of a round.

Responses stored before get a random part and token each and their pair row, so that
their round's summary is made of random parts like any other.
"""

from typing import Any

from django.db import migrations, models

import mognad.web.apps.rounds.models

BATCH = 2000


def fill_parts(apps: Any, schema_editor: Any) -> None:
    from mognad.core.analysis import layout_of, pack_pairs
    from mognad.core.io import parse_instrument
    from mognad.web.apps.rounds.models import random_bucket, random_token

    round_model = apps.get_model("rounds", "Round")
    response_model = apps.get_model("rounds", "Response")
    fields = ["bucket", "token", "pair_row"]
    for round_ in round_model.objects.all().iterator():
        layout = layout_of(parse_instrument(round_.instrument_yaml, source="round"))
        batch = []
        for response in response_model.objects.filter(round=round_).iterator(chunk_size=BATCH):
            response.bucket, response.token = random_bucket(), random_token()
            response.pair_row = pack_pairs(layout, bytes(response.item_row))
            batch.append(response)
            if len(batch) == BATCH:
                response_model.objects.bulk_update(batch, fields)
                batch = []
        response_model.objects.bulk_update(batch, fields)


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0003_round_instrument_digest"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="bucket",
            field=models.PositiveSmallIntegerField(
                default=mognad.web.apps.rounds.models.random_bucket
            ),
        ),
        migrations.AddField(
            model_name="response",
            name="token",
            field=models.BigIntegerField(default=mognad.web.apps.rounds.models.random_token),
        ),
        migrations.AddField(
            model_name="response",
            name="pair_row",
            field=models.BinaryField(default=b""),
        ),
        migrations.RunPython(fill_parts, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="response", name="response_score_rows"),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(
                fields=["round", "bucket", "group", "token", "score_row", "pair_row"],
                name="response_summary_rows",
            ),
        ),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(
                fields=["round", "bucket", "group", "token"], name="response_parts"
            ),
        ),
        migrations.CreateModel(
            name="RoundSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("shape", models.JSONField(default=dict)),
                ("data", models.BinaryField()),
                (
                    "round",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE,
                        related_name="summary",
                        to="rounds.round",
                    ),
                ),
            ],
        ),
    ]
