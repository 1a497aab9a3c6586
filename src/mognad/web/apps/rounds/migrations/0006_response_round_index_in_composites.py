import django.db.models.deletion
from django.db import migrations, models

# The index Django made for the foreign key (the same name on SQLite and PostgreSQL).
# Dropped by name: an AlterField would copy the whole table on SQLite.
INDEX = "rounds_response_round_id_cfd2269c"


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0005_response_part_marks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="response",
                    name="round",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="responses",
                        to="rounds.round",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX "{INDEX}" ON "rounds_response" ("round_id")',
                ),
            ],
        ),
    ]
