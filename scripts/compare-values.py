#!/usr/bin/env python3
"""How many of a report's printed values nianbao reads exactly.

  scripts/compare-values.py NIANBAO VALUES.json [REPORT]

VALUES.json lists the values the report prints, read by hand ({"file", "template", "values":
{canonical key: number}}, as /work/shared/corpus/pdf/*.values.json); REPORT defaults to its
"file" beside it. Prints the figure (exact of listed), then every value that is wrong (another
number), missing (null) or extra (a number where the report prints none: a guess), one a line.
Exit status 0 only when every listed value is exact and none is extra.
"""
import json
import subprocess
import sys
from pathlib import Path


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    nianbao, values_file = sys.argv[1], Path(sys.argv[2])
    listed = json.loads(values_file.read_text(encoding="utf-8"))
    report = Path(sys.argv[3]) if len(sys.argv) == 4 else values_file.parent / listed["file"]
    out = subprocess.run([nianbao, "parse", str(report), "--no-progress"], capture_output=True, text=True)
    if not out.stdout.strip():
        sys.exit(f"nianbao gave no record for {report}: {out.stderr.strip()}")
    record = json.loads(out.stdout.splitlines()[0])
    got = record["values"]
    want = listed["values"]
    exact = [k for k in want if got.get(k) == want[k]]
    wrong = [k for k in want if got.get(k) is not None and got.get(k) != want[k]]
    missing = [k for k in want if got.get(k) is None]
    extra = [k for k, v in got.items() if k not in want and v is not None]
    template_ok = record.get("template") == listed.get("template")
    print(f"{report.name}: {len(exact)} of {len(want)} printed values exact "
          f"({100.0 * len(exact) / max(len(want), 1):.1f}%), {len(wrong)} wrong, {len(missing)} missing, "
          f"{len(extra)} extra; template {record.get('template')}"
          + ("" if template_ok else f" (listed: {listed.get('template')})") + f"; status {record['status']}")
    for k in wrong:
        print(f"  wrong   {k}: {got[k]} (printed {want[k]})")
    for k in missing:
        print(f"  missing {k} (printed {want[k]})")
    for k in extra:
        print(f"  extra   {k}: {got[k]} (not printed)")
    sys.exit(0 if len(exact) == len(want) and not extra and template_ok else 1)


if __name__ == "__main__":
    main()
