"""The check of a round's summary counts per part only: a narrower index for it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0004_response_parts_round_summary"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="response", name="response_parts"),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(fields=["round", "bucket", "token"], name="response_part_marks"),
        ),
    ]
