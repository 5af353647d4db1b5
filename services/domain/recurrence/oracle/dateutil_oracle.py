"""Independent RRULE expansion for the differential test: python-dateutil's rrule on
zoneinfo (PEP 495: fold=0 is the first of an ambiguous time, and a skipped time takes the
offset before the gap, as RFC 5545 3.3.5 says).

Reads JSON lines {"rrule", "timezone", "dtstart", "horizon", "limit", "seconds"?} and writes, per line,
{"instances": [[local, utc], ...], "complete": bool} (or {"error"}, also when the case takes longer than its `seconds`, default 5): the recurrence set by RFC 5545 (DTSTART
counts as the first instance, COUNT includes it, UNTIL ends the set at the first later
instance), up to `limit` instances or local time `horizon`; `complete` when the set ended
before either.
"""
import json
import signal
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr


def week_start(parts, dtstart):
    """dateutil starts the first WEEKLY period at DTSTART's day, not at its week's start (WKST),
    so BYSETPOS would pick from a truncated week; RFC 5545 takes the whole week and then drops
    what lies before DTSTART (done below). With BYDAY given, starting the expansion at the
    week's first day changes nothing else."""
    names = {p.split("=")[0].upper(): p.split("=")[1].upper() for p in parts}
    if names.get("FREQ") != "WEEKLY" or "BYSETPOS" not in names or "BYDAY" not in names:
        return dtstart
    wkst = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].index(names.get("WKST", "MO"))
    return dtstart - timedelta(days=(dtstart.weekday() - wkst) % 7)


def expand(case):
    tz = ZoneInfo(case["timezone"])
    dtstart = datetime.fromisoformat(case["dtstart"]).replace(tzinfo=tz)
    horizon = datetime.fromisoformat(case["horizon"])
    limit = case["limit"]
    parts = [p for p in case["rrule"].split(";") if not p.upper().startswith("COUNT=")]
    counts = [int(p.split("=")[1]) for p in case["rrule"].split(";") if p.upper().startswith("COUNT=")]
    count = counts[0] if counts else None
    rule = rrulestr(";".join(parts), dtstart=week_start(parts, dtstart))
    out = [dtstart]
    complete = True
    for instance in rule:
        if instance.replace(tzinfo=None) <= dtstart.replace(tzinfo=None):
            continue  # DTSTART itself is already first; earlier ones are not in the set
        if count is not None and len(out) >= count:
            break
        if len(out) >= limit or instance.replace(tzinfo=None) >= horizon:
            complete = False
            break
        out.append(instance)
    return {
        "instances": [
            [
                i.replace(tzinfo=None).isoformat(),
                i.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            ]
            for i in out
        ],
        "complete": complete,
    }


def too_slow(_signum, _frame):
    raise TimeoutError("no answer in time")


signal.signal(signal.SIGALRM, too_slow)
for line in sys.stdin:
    if line.strip():
        case = json.loads(line)
        signal.alarm(case.get("seconds", 5))
        try:
            result = expand(case)
        except Exception as error:  # reported per case, the run goes on
            result = {"error": f"{type(error).__name__}: {error}"}
        signal.alarm(0)
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
