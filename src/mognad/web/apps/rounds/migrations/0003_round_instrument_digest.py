"""Round.instrument_digest, filled for the rounds created before it."""

from typing import Any

from django.db import migrations, models


def fill_digests(apps: Any, schema_editor: Any) -> None:
    from mognad.web.apps.rounds.models import yaml_digest

    round_model = apps.get_model("rounds", "Round")
    for round_ in round_model.objects.all().iterator():
        round_.instrument_digest = yaml_digest(round_.instrument_yaml)
        round_.save(update_fields=["instrument_digest"])


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0002_response_packed_rows"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="instrument_digest",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop),
    ]
