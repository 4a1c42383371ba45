#!/usr/bin/env python3
"""Writes the pgbench script of the referral benchmark's ceiling from the statements the services
really sent for one sample lifecycle (bench/referral.sh).

Reads a PostgreSQL log written with log_statement = 'all' and log_line_prefix = '%m [%p] app=%a '
while casebridge-loadgen took referrals from filing to 立案 one after the other (its check
lifecycle, then the sample one). Takes every statement the CaseBridge services sent from the first
one naming the sample (--marker) to the end of the log: intake's, referral's and accounts', the
acts' own and whatever their background work (the referral service reporting to intake) sent
meanwhile. Each backend's statements are cut into units, a BEGIN ... COMMIT block or one statement
on its own, and the units are written in the order they started, so a transaction is never split
and never gains another backend's statements.

In the script each unit runs as it was sent: its SQL verbatim, each parameter written as the
literal value logged, under the search_path of the service's schema (a SET before the units of
another service). The values that must differ per lifecycle (ids of the case, the referral and its
documents, request ids, case numbers: every text value holding one of --must-vary) are computed
once per lifecycle by a first SELECT ... \\gset, which appends a per-run, per-client,
per-lifecycle number to each of those ids wherever it occurs.

Prints a summary of what was taken on stderr; writes the script to --out.
"""
import argparse
import re
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
from sample_filing import ENTRY, PARAM, STATEMENT  # noqa: E402

SCHEMAS = {"casebridge-intake": "intake", "casebridge-referral": "referral",
           "casebridge-accounts": "accounts"}
# pgbench reads ":name" in a SQL command as a variable, also inside a literal.
PGBENCH_VARIABLE = re.compile(r":[A-Za-z0-9_]")


def entries(path, offset):
    """[pid, app, kind, text] of every entry after byte `offset`, continuation lines joined."""
    with open(path, "rb") as f:
        f.seek(offset)
        lines = f.read().decode("utf-8", "replace").split("\n")
    out = []
    for line in lines:
        m = ENTRY.match(line)
        if m:
            out.append([m.group(1), m.group(2), m.group(3), m.group(4)])
        elif out and line.startswith("\t"):
            out[-1][3] += "\n" + line[1:]
    return out


def statements(log):
    """[(pid, app, sql, {j: value or None})] of the services, in log order."""
    out = []
    for pid, app, kind, text in log:
        if app not in SCHEMAS:
            continue
        if kind == "LOG":
            m = STATEMENT.match(text)
            if m:
                out.append((pid, app, m.group(1), {}))
        elif kind == "DETAIL" and text.startswith("parameters: "):
            for i in range(len(out) - 1, -1, -1):
                if out[i][0] == pid:
                    for j, value in PARAM.findall(text[len("parameters: "):]):
                        out[i][3][int(j)] = None if value == "NULL" else value[1:-1].replace("''", "'")
                    break
    return out


def units(stmts):
    """Each backend's statements cut into transactions, in the order they started."""
    open_unit = {}
    done = []
    for order, (pid, app, sql, params) in enumerate(stmts):
        word = sql.strip().split(None, 1)[0].upper() if sql.strip() else ""
        if pid in open_unit:
            open_unit[pid][2].append((sql, params))
            if word in ("COMMIT", "ROLLBACK", "END"):
                done.append(open_unit.pop(pid))
        elif word in ("BEGIN", "START"):
            open_unit[pid] = (order, app, [(sql, params)])
        else:
            done.append((order, app, [(sql, params)]))
    done.extend(open_unit.values())  # cut off by the end of the log: kept as they are
    return sorted(done)


def literal(value):
    if value is None:
        return "NULL"
    if PGBENCH_VARIABLE.search(value):
        escaped = value.replace("\\", "\\\\").replace("'", "''").replace(":", "\\072")
        return "E'" + escaped + "'"
    return "'" + value.replace("'", "''") + "'"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--marker", required=True, help="text in the sample lifecycle's first request")
    ap.add_argument("--must-vary", action="append", default=[])
    ap.add_argument("--exclude", action="append", default=[],
                    help="a unit with a value naming this (the check lifecycle's ids) is left out")
    ap.add_argument("--skip-sql", default="",
                    help="a unit with a statement matching this regular expression is left out")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    stmts = statements(entries(a.log, a.offset))
    first = next((i for i, (_, _, _, p) in enumerate(stmts)
                  if any(a.marker in (v or "") for v in p.values())), None)
    if first is None:
        sys.exit(f"sample_lifecycle: no statement of the {len(stmts)} logged names {a.marker!r}")
    tokens = sorted({t for t in a.must_vary if t}, key=len, reverse=True)
    # A token counts only whole, so referral-event-1 is not found inside referral-event-12.
    token = re.compile(r"(?<![0-9A-Za-z])(" + "|".join(map(re.escape, tokens)) + r")(?![0-9A-Za-z])")

    varying = {}  # literal value -> (pgbench variable, SQL computing it)

    def value_sql(value):
        if value is None or value.startswith("\\x") or not token.search(value):
            return literal(value)
        if value not in varying:
            # Every token gets ".<uid>" appended: unique per lifecycle, and distinct tokens stay
            # distinct.
            pieces = token.split(value)
            expr = " || ".join(literal(p) if i % 2 == 0 else f"{literal(p)} || '.' || :uid"
                               for i, p in enumerate(pieces) if p or i % 2)
            varying[value] = (f"v{len(varying) + 1}", expr)
        return ":" + varying[value][0]

    body = []
    schema = None
    counts = {}
    other = re.compile(r"(?<![0-9A-Za-z])(" + "|".join(map(re.escape, a.exclude)) +
                       r")(?![0-9A-Za-z])") if a.exclude else None
    skipped = 0
    for order, app, unit in units(stmts):
        # Units that started before the sample, or that belong to the check lifecycle (its
        # reports to intake, sent in the background while the sample ran), are left out whole;
        # so are a new pooled connection's settings.
        if (order < first
                or (other and any(other.search(v or "") for _, p in unit for v in p.values()))
                or (a.skip_sql and any(re.search(a.skip_sql, sql) for sql, _ in unit))
                or all(re.match(r"\s*SET (search_path|TIME ZONE)\b", sql, re.I) for sql, _ in unit)):
            skipped += order >= first
            continue
        if SCHEMAS[app] != schema:
            schema = SCHEMAS[app]
            body.append(f"SET search_path TO {schema};")
        for sql, params in unit:
            counts[app] = counts.get(app, 0) + 1
            # Whitespace squashed in the SQL only, never inside a value.
            body.append(re.sub(r"\$(\d+)", lambda m, p=params: value_sql(p.get(int(m.group(1)))),
                               " ".join(sql.split())) + ";")

    head = ["-- Written by bench/lib/sample_lifecycle.py from the statement log of one lifecycle.",
            "\\set n :n + 1",
            "\\set uid :run * 1000000000000 + :client_id * 1000000000 + :n"]
    if varying:
        head.append("SELECT " + ", ".join(f"{expr} AS {name}" for name, expr in varying.values())
                    + " \\gset")
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(head + body) + "\n")
    per_app = ", ".join(f"{SCHEMAS[k]} {v}" for k, v in sorted(counts.items()))
    n_units = sum(1 for s in body if not s.startswith("SET search_path"))
    print(f"{n_units} statements ({per_app}), {sum(1 for s in body if s.upper() == 'COMMIT;')} "
          f"transactions, {len(varying)} values varied per lifecycle, {skipped} units left out",
          file=sys.stderr)


if __name__ == "__main__":
    main()
