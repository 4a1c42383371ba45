#!/usr/bin/env python3
"""Checks bench/pgbench/filing.sql against the statements the intake service really sent for one
filing, and prints the pgbench variables that replay that filing's parameter values.

Reads a PostgreSQL log written with log_statement = 'all' and log_line_prefix = '%m [%p] app=%a '
while casebridge-loadgen filed two cases one after the other (its check call, then one measured
call). The service's filing is the repeating tail of the statements from app=casebridge-intake:
the shortest block that occurs twice at the end, so the check does not assume BEGIN/COMMIT or any
statement count. filing.sql must hold the same statements in the same order, whitespace aside,
with parameter $j of statement i written as the pgbench variable :si_j. The values come from the
log; those that must differ per filing (request id, case number, case id) are listed with
--must-vary and filing.sql must \\set them from its unique counter.

Prints, NUL-separated, the pgbench arguments: -D si_j=value for every parameter. Exit status 1
with a diff on stderr when filing.sql and the service differ.
"""
import argparse
import difflib
import re
import sys

ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[(\d+)\] app=(\S*) ([A-Z]+):  (.*)$")
STATEMENT = re.compile(r"^(?:statement|execute <unnamed>|execute \S+): (.*)$", re.S)
PARAM = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')(?:, |$)", re.S)
VARIABLE = re.compile(r":s(\d+)_(\d+)")


def log_entries(path, offset, app):
    """(kind, text) of every entry of `app` after byte `offset`, continuation lines joined."""
    with open(path, "rb") as f:
        f.seek(offset)
        lines = f.read().decode("utf-8", "replace").split("\n")
    entries = []
    for line in lines:
        m = ENTRY.match(line)
        if m:
            entries.append([m.group(2), m.group(3), m.group(4)])
        elif entries and line.startswith("\t"):
            entries[-1][2] += "\n" + line[1:]
    return [(kind, text) for who, kind, text in entries if who == app]


def statements(entries):
    """[(sql, {j: value})] in order; a DETAIL "parameters:" entry belongs to the statement above."""
    out = []
    for kind, text in entries:
        if kind == "LOG":
            m = STATEMENT.match(text)
            if m:
                out.append((m.group(1), {}))
        elif kind == "DETAIL" and text.startswith("parameters: ") and out:
            for j, value in PARAM.findall(text[len("parameters: "):]):
                if value == "NULL":
                    sys.exit(f"sample_filing: parameter ${j} of '{out[-1][0][:60]}' is NULL, "
                             "which pgbench cannot send; filing.sql needs a literal NULL there")
                out[-1][1][int(j)] = value[1:-1].replace("''", "'")
    return out


def repeating_tail(stmts):
    for k in range(1, len(stmts) // 2 + 1):
        if [s for s, _ in stmts[-2 * k:-k]] == [s for s, _ in stmts[-k:]]:
            return stmts[-2 * k:-k], stmts[-k:]
    return None, None


def squash(sql):
    return " ".join(sql.split())


def script(path):
    """The SQL statements of a pgbench script (one or more lines each, ending with ;) and the
    variables its \\set commands assign."""
    sqls, assigned, current = [], set(), []
    with open(path, encoding="utf-8") as f:
        for line in f:
            stripped = line.strip()
            if not current and (not stripped or stripped.startswith("--")):
                continue
            if not current and stripped.startswith("\\"):
                words = stripped.split()
                if words[0] == "\\set" and len(words) > 1:
                    assigned.add(words[1])
                continue
            current.append(stripped)
            if stripped.endswith(";"):
                sqls.append(squash(" ".join(current))[:-1].rstrip())
                current = []
    return sqls, assigned


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--app", default="casebridge-intake")
    ap.add_argument("--script", required=True)
    ap.add_argument("--must-vary", action="append", default=[])
    ap.add_argument("--marker", required=True, help="text in the last filing's parameters")
    ap.add_argument("--first-marker", required=True, help="text in the filing before it")
    a = ap.parse_args()

    stmts = statements(log_entries(a.log, a.offset, a.app))
    before, filing = repeating_tail(stmts)
    if filing is None:
        sys.exit(f"sample_filing: no repeated filing among the {len(stmts)} statements logged")
    for block, marker in ((filing, a.marker), (before, a.first_marker)):
        if not any(marker in v for _, params in block for v in params.values()):
            sys.exit(f"sample_filing: the statements found ({len(filing)}) are not one filing: "
                     f"no parameter holds {marker!r}")

    wanted, assigned = script(a.script)
    service = []
    for i, (sql, _) in enumerate(filing, start=1):
        service.append(re.sub(r"\$(\d+)", lambda m, i=i: f":s{i}_{m.group(1)}", squash(sql)))
    if service != wanted:
        print(f"sample_filing: {a.script} does not run what the service sent for one filing, so it "
              "would not measure the same work. Service (-), script (+):", file=sys.stderr)
        # Statement by statement, each cut at its commas, so a changed column stands out.
        def pieces(sqls):
            return [f"[{i}] {p}" for i, sql in enumerate(sqls, start=1)
                    for p in re.split(r"(?<=,) ", sql)]
        for line in difflib.unified_diff(pieces(service), pieces(wanted), "service", a.script,
                                         lineterm="", n=1):
            print(line, file=sys.stderr)
        sys.exit(1)

    problems = []
    out = []
    for i, (_, params) in enumerate(filing, start=1):
        for j, value in sorted(params.items()):
            name = f"s{i}_{j}"
            if any(v in value for v in a.must_vary) and name not in assigned:
                problems.append(f":{name} (now {value[:60]!r}) must differ per filing: \\set it")
            out += ["-D", f"{name}={value}"]
    if problems:
        sys.exit("sample_filing: " + "; ".join(problems))
    sys.stdout.write("\0".join(out) + "\0")
    summary = " | ".join(squash(sql)[:24] for sql, _ in filing)
    print(f"{len(filing)} statements: {summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
