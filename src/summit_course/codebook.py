"""The datasets' coding rules, and an audit of every coded value against them.

``datasets/coding-rules.md`` writes each rule once, as a bullet that starts with its id and
the code it gives: ``- **E4 → `intelligence_assessment`.** A government ...``. Rules E1-E6
choose the evidence level (``events.certainty``, ``claims.evidence_kind``), K1-K10 an
aim's ``kind``, S1-S10 its ``breaches_un_sanctions``, L1-L3 its
``likelihood_sep_2023``, G1-G4 its ``giving_sep_2023`` and O1-O3 a limit's
``outcome_by_2025``. ``datasets/audit/row_rules.csv`` is the coder's record: the rule
each row follows and why. :func:`code_audit` joins the two with the data, and
:func:`audit_problems` lists every way a row breaks its rule. Run
``python -m summit_course.codebook`` to rewrite ``datasets/audit/code_audit.csv``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from .data import data_dir, load
from .evidence import EVIDENCE_LEVELS

__all__ = ["CODED", "RULES_FILE", "coding_rules", "row_rules", "code_audit", "audit_problems", "main"]

#: The coded columns, the table they belong to, and the letter of their rules.
CODED: dict[tuple[str, str], str] = {
    ("events", "certainty"): "E",
    ("claims", "evidence_kind"): "E",
    ("aims", "kind"): "K",
    ("aims", "breaches_un_sanctions"): "S",
    ("aims", "likelihood_sep_2023"): "L",
    ("aims", "giving_sep_2023"): "G",
    ("limits", "outcome_by_2025"): "O",
}
#: The page that writes every rule once (the data dictionary, README.md, points to it).
RULES_FILE = "coding-rules.md"
#: The data dictionary is read too, for any rule written beside its table; O1-O3 now live
#: on the rules page with made-up examples only, so that page still tells no outcome.
HINDSIGHT_RULES_FILE = "README.md"
ID_COLUMN = {"events": "event_id", "claims": "claim_id", "aims": "aim_id", "limits": "limit_id"}
AUDIT_COLUMNS = ["table", "row_id", "column", "code", "rule", "words", "basis", "rule_text"]
#: ``likelihood_sep_2023`` and ``giving_sep_2023`` from weakest to strongest: where words
#: differ, the weakest wins (``not_judged`` stands alone: it has no word of its own).
LIKELIHOOD_ORDER = ["unlikely", "possible", "likely", "not_judged"]
#: The coded columns read from the article's words, whose codes the weakest word decides.
WORDED = {"likelihood_sep_2023": "L", "giving_sep_2023": "G"}

_RULE = re.compile(r"^- \*\*([EKSLGO]\d+) → `([a-z_]+)`[^*]*\*\* (.+)$", re.M)
_LIST = {"claimants": r"Claimants: ([^.]+)\.", "kinds": r"Kinds: ([^.]+)\.", "words": r"Words: (.+)\.$"}


def _listed(pattern: str, text: str, quote: str) -> list[str]:
    """The quoted items after a lead word ("Claimants:", "Kinds:", "Words:") in a rule."""
    found = re.search(pattern, text)
    return re.findall(f"{quote}([^{quote}]+){quote}", found.group(1)) if found else []


def coding_rules(readme: Path | None = None) -> pd.DataFrame:
    """Every rule written on the rules pages (``datasets/coding-rules.md``, and any in the data
    dictionary), indexed by its id.

    Columns: ``code`` (the value the rule gives), ``text`` (the rule's sentence), and the
    lists it states: ``claimants`` (E rules), ``kinds`` (S rules), ``words`` (L and G rules).
    """
    pages = [readme] if readme else [data_dir() / RULES_FILE, data_dir() / HINDSIGHT_RULES_FILE]
    written = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    rules = []
    for rule, code, text in _RULE.findall(written):
        text = text.strip()
        rules.append({"rule": rule, "code": code, "text": text,
                      "claimants": _listed(_LIST["claimants"], text, "`"),
                      "kinds": _listed(_LIST["kinds"], text, "`"),
                      "words": _listed(_LIST["words"], text, '"')})
    return pd.DataFrame(rules, columns=["rule", "code", "text", "claimants", "kinds", "words"]).set_index("rule")


def row_rules(path: Path | None = None) -> pd.DataFrame:
    """The coder's record: one row per (table, row id, coded column), with its rule."""
    path = path or data_dir() / "audit" / "row_rules.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _coded_values() -> pd.DataFrame:
    """Every coded value in the data, one row per (table, row id, column)."""
    parts = []
    for (table, column) in CODED:
        frame = load(table)
        parts.append(pd.DataFrame({"table": table, "row_id": frame[ID_COLUMN[table]].astype(str),
                                   "column": column, "code": frame[column].astype(str)}))
    return pd.concat(parts, ignore_index=True)


def code_audit(rules: pd.DataFrame | None = None, record: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each coded value beside the rule the coder applied and that rule's sentence."""
    rules = coding_rules() if rules is None else rules
    record = row_rules() if record is None else record
    audit = _coded_values().merge(record[["table", "row_id", "column", "rule", "words", "basis"]],
                                  on=["table", "row_id", "column"], how="left").fillna("")
    audit["rule_text"] = audit["rule"].map(rules["text"]).fillna("")
    return audit[AUDIT_COLUMNS]


def _hedge_words(hedge: str) -> set[str]:
    return {word.strip() for word in str(hedge).split(";") if word.strip()}


def _possibility_words() -> set[str]:
    """The words that mark a guess, as the definition of ``speculation`` quotes them."""
    return set(re.findall(r'"([^"]+)"', EVIDENCE_LEVELS["speculation"]))


def _rule_problems(row, rules: pd.DataFrame) -> list[str]:
    where = f"{row.table}.{row.row_id} ({row.column} = {row.code})"
    if not row.rule:
        return [f"{where}: no rule recorded in datasets/audit/row_rules.csv"]
    if row.rule not in rules.index:
        return [f"{where}: rule {row.rule} is not written in datasets/{RULES_FILE}"]
    if row.rule[0] != CODED[(row.table, row.column)]:
        return [f"{where}: rule {row.rule} is not a rule for this column"]
    if rules.at[row.rule, "code"] != row.code:
        return [f"{where}: rule {row.rule} gives {rules.at[row.rule, 'code']}, not {row.code}"]
    return []


def _likelihood_problems(row, rules: pd.DataFrame) -> list[str]:
    letter = WORDED[row.column]
    family = [rule for rule in rules.index if rule.startswith(letter)]
    levels = {word: rules.at[rule, "code"] for rule in family for word in rules.at[rule, "words"]}
    words = [w.strip() for w in row.words.split(";") if w.strip()]
    unknown = [w for w in words if w not in levels]
    where = f"aims.{row.row_id} ({row.column} = {row.code})"
    if not words or unknown:
        return [f"{where}: words {unknown or 'missing'} are not words of rules {family[0]}-{family[-1]}"]
    if len(words) > 1 and "not_judged" in {levels[w] for w in words}:
        return [f"{where}: 'nothing on the giving' cannot stand beside other words {words}"]
    weakest = min((levels[w] for w in words), key=LIKELIHOOD_ORDER.index)
    return [] if weakest == row.code else [f"{where}: the weakest of {words} gives {weakest}"]


def _claim_problems(claims: pd.DataFrame, audit: pd.DataFrame, rules, record) -> list[str]:
    problems, possible = [], _possibility_words()
    coded = audit[audit["table"] == "claims"].set_index("row_id")
    events = audit[audit["table"] == "events"].set_index("row_id")["code"]
    pairs = record[record["table"] == "claims"].set_index("row_id")["pair"]
    for claim in claims.itertuples():
        rule, hedge = coded.at[claim.claim_id, "rule"], _hedge_words(claim.hedge if pd.notna(claim.hedge) else "")
        where = f"claims.{claim.claim_id} ({claim.evidence_kind})"
        if rule in rules.index and str(claim.claimant_type) not in rules.at[rule, "claimants"]:
            problems.append(f"{where}: rule {rule} does not allow claimant type {claim.claimant_type}")
        if claim.evidence_kind == "speculation" and not hedge & possible:
            problems.append(f"{where}: a speculation needs a word of possibility in `hedge`")
        if claim.evidence_kind != "speculation" and hedge & possible:
            problems.append(f"{where}: a word of possibility ({sorted(hedge & possible)}) makes it speculation")
        pair = pairs.get(claim.claim_id, "")
        if pair and events.get(pair) != claim.evidence_kind:
            problems.append(f"{where}: its paired event {pair} is coded {events.get(pair)}")
    return problems


def _aim_problems(aims: pd.DataFrame, audit: pd.DataFrame, rules) -> list[str]:
    sanctions = audit[audit["column"] == "breaches_un_sanctions"].set_index("row_id")["rule"]
    problems = []
    for aim in aims.itertuples():
        rule = sanctions.get(aim.aim_id, "")
        if rule in rules.index and str(aim.kind) not in rules.at[rule, "kinds"]:
            problems.append(f"aims.{aim.aim_id}: sanctions rule {rule} does not cover the kind {aim.kind}")
    return problems


def _limit_problems(limits: pd.DataFrame) -> list[str]:
    """Rule O1 rests on a report: a limit that gave way names the source that shows it."""
    cited = limits["outcome_source_id"].fillna("").astype(str).str.strip() != ""
    crossed = limits["outcome_by_2025"].astype(str) == "gave_way"
    return [f"limits.{limit} (gave_way): rule O1 needs the report that shows it in outcome_source_id"
            for limit in limits.loc[crossed & ~cited, "limit_id"]]


def audit_problems(rules: pd.DataFrame | None = None, record: pd.DataFrame | None = None,
                   written: pd.DataFrame | None = None) -> list[str]:
    """Every way the data breaks its coding rules; empty when each row follows its rule.

    ``written`` is the audit table as stored; when given, it must equal a fresh one.
    """
    rules = coding_rules() if rules is None else rules
    record = row_rules() if record is None else record
    audit = code_audit(rules, record)
    problems = []
    known = set(zip(audit["table"], audit["row_id"], audit["column"]))
    for row in record.itertuples():
        if (row.table, row.row_id, row.column) not in known:
            problems.append(f"{row.table}.{row.row_id} ({row.column}): recorded in row_rules.csv but not in the data")
    for row in audit.itertuples():
        found = _rule_problems(row, rules)
        if not found and row.column in WORDED:
            found = _likelihood_problems(row, rules)
        problems += found
    problems += _claim_problems(load("claims"), audit, rules, record)
    problems += _aim_problems(load("aims"), audit, rules)
    problems += _limit_problems(load("limits"))
    if written is not None and not written.fillna("").astype(str).equals(audit.astype(str)):
        problems.append("datasets/audit/code_audit.csv is out of date: run python -m summit_course.codebook")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Rewrite ``datasets/audit/code_audit.csv`` and print any problems (exit status 1)."""
    argv = sys.argv[1:] if argv is None else argv
    path = data_dir() / "audit" / "code_audit.csv"
    if "--check" not in argv:
        code_audit().to_csv(path, index=False, lineterminator="\n")
    written = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = audit_problems(written=written)
    for problem in problems:
        print(problem)
    print(f"{len(written)} coded values, {len(problems)} problems ({path})")
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
