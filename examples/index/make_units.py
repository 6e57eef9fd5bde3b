"""Write units/<id>/ for every row of civic-indicators.csv."""

import csv
import hashlib
from pathlib import Path

COLUMNS = {  # column -> (commitment, indicator)
    "clinic_coverage": ("s.clinics", "clinic-coverage"),
    "school_enrolment": ("s.schools", "school-enrolment"),
    "budget_published": ("g.budget", "budget-published"),
    "case_clearance": ("g.courts", "case-clearance"),
}
table = Path("civic-indicators.csv").read_bytes()
digest = hashlib.sha256(table).hexdigest()
for row in csv.DictReader(table.decode("utf-8").splitlines()):
    unit = Path("units") / row["unit"]
    (unit / "sources").mkdir(parents=True, exist_ok=True)
    (unit / "sources" / "civic-indicators.csv").write_bytes(table)
    (unit / "unit.toml").write_text(
        f'[unit]\nid = "{row["unit"]}"\ntitle = "{row["title"]}"\n', "utf-8"
    )
    (unit / "sources.toml").write_text(
        "[[sources]]\n"
        'id = "indicators-2024"\n'
        'title = "Civic indicators, 2024 (synthetic)"\n'
        "published = 2024-06-01\n"
        'kind = "statistics table"\n'
        'file = "sources/civic-indicators.csv"\n'
        'key = "unit"\n'
        f'sha256 = "{digest}"\n',
        "utf-8",
    )
    readings = []
    for column, (commitment, indicator) in COLUMNS.items():
        if not row[column]:
            continue  # an empty cell: no observation, the commitment is missing
        readings.append(
            "[[observations]]\n"
            f'commitment = "{commitment}"\n'
            f'indicator = "{indicator}"\n'
            "as_of = 2024-06-30\n"
            f"value = {row[column]}\n"
            f'evidence = [{{ source = "indicators-2024", row = "{row["unit"]}", '
            f'column = "{column}", kind = "outcome" }}]\n'
        )
    (unit / "readings.toml").write_text("\n".join(readings), "utf-8")
