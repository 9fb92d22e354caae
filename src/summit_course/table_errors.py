"""Notes for the slips beginners make with tables, dates and lists, read from the cell's code.

Each function takes the error and the cell's source and returns one plain line, or None:
``==`` given a list, ``.isin`` given several values, a text without quotes inside a query, ``and``/``or`` between conditions, ``&`` without
brackets round each condition, dates subtracted as text, ``range()`` with a fractional step.
:mod:`summit_course.errors` chooses among them by the error's type.
"""

from __future__ import annotations

import ast
import re

__all__ = ["both_values_note", "first_note", "nodes", "type_notes", "unquoted_in_query", "value_notes"]

_BITWISE = (ast.BitAnd, ast.BitOr)
_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


def _tree(source: str) -> ast.AST | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def nodes(source: str, kind) -> list:
    """Every node of ``kind`` in ``source``'s syntax tree ([] when it does not parse)."""
    tree = _tree(source)
    return [node for node in ast.walk(tree) if isinstance(node, kind)] if tree is not None else []


def isin_for_a_list(error: BaseException, source: str) -> str | None:
    """``column == ['a', 'b']`` compares row by row with a list: ``.isin`` is what was meant."""
    if "Lengths must match" not in str(error):
        return None
    for node in nodes(source, ast.Compare):
        if len(node.comparators) == 1 and isinstance(node.comparators[0], (ast.List, ast.Tuple, ast.Set)):
            column, values = ast.unparse(node.left), ast.unparse(node.comparators[0])
            negate = "~" if isinstance(node.ops[0], ast.NotEq) else ""
            return (f"`==` compares each row with one value, not with a list. To keep the rows whose value "
                    f"is any of several, use .isin: {negate}{column}.isin({values})")
    return None


def isin_with_several_values(error: BaseException, source: str) -> str | None:
    """``.isin('a', 'b')``: the values go in one list."""
    if "isin()" not in str(error):
        return None
    for node in nodes(source, ast.Call):
        if getattr(node.func, "attr", "") == "isin" and len(node.args) > 1:
            values = ", ".join(ast.unparse(a) for a in node.args)
            return (f".isin takes one list of values: put them in square brackets, "
                    f"{ast.unparse(node.func)}([{values}])")
    return None


def _sign(node: ast.BinOp) -> str:
    return "&" if isinstance(node.op, ast.BitAnd) else "|"


def _bitwise(node: ast.AST) -> bool:
    return isinstance(node, ast.BinOp) and isinstance(node.op, _BITWISE)


def _bracketed(node: ast.Compare) -> str:
    """A condition in brackets of its own, split again when it still mixes & or | with a comparison."""
    if any(_bitwise(part) for part in (node.left, *node.comparators)):
        return _split(node) or f"({ast.unparse(node)})"
    return f"({ast.unparse(node)})"


def _split(node: ast.Compare) -> str | None:
    """A comparison that Python read round an ``&`` or ``|`` (``a == 'x' & b == 'y'`` is read as
    ``a == ('x' & b) == 'y'``; ``a.isin(l) & b > c`` as ``(a.isin(l) & b) > c``), with a bracket round
    each condition."""
    if _bitwise(node.left):
        rest = ast.Compare(node.left.right, node.ops, node.comparators)
        return f"({ast.unparse(node.left.left)}) {_sign(node.left)} {_bracketed(rest)}"
    lefts = [node.left, *node.comparators]
    for i, middle in enumerate(node.comparators):
        if _bitwise(middle):
            left = ast.Compare(lefts[i], [node.ops[i]], [middle.left])
            if i == len(node.comparators) - 1:
                return f"({ast.unparse(left)}) {_sign(middle)} ({ast.unparse(middle.right)})"
            right = ast.Compare(middle.right, node.ops[i + 1:], node.comparators[i + 1:])
            return f"({ast.unparse(left)}) {_sign(middle)} {_bracketed(right)}"
    return None


def _same_column_equalities(node: ast.AST) -> tuple[str, str, str] | None:
    """``col == a & col == b`` (bracketed or not): the column and the two values, else None."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd):
        sides = [node.left, node.right]
        if all(isinstance(c, ast.Compare) and len(c.ops) == 1 and isinstance(c.ops[0], ast.Eq) for c in sides):
            columns = {ast.unparse(c.left) for c in sides}
            if len(columns) == 1:
                return columns.pop(), ast.unparse(sides[0].comparators[0]), ast.unparse(sides[1].comparators[0])
    if isinstance(node, ast.Compare) and len(node.ops) == 2 and all(isinstance(o, ast.Eq) for o in node.ops):
        middle = node.comparators[0]
        if isinstance(middle, ast.BinOp) and isinstance(middle.op, ast.BitAnd) \
                and ast.unparse(middle.right) == ast.unparse(node.left):
            return ast.unparse(node.left), ast.unparse(middle.left), ast.unparse(node.comparators[1])
    return None


def _either(column: str, first: str, second: str) -> str:
    return f"({column} == {first}) | ({column} == {second}), or {column}.isin([{first}, {second}])"


def both_values_note(source: str) -> str | None:
    """Two values of one column joined by ``&``: one row cannot hold both, so nothing is kept."""
    for node in nodes(source, (ast.BinOp, ast.Compare)):
        found = _same_column_equalities(node)
        if found:
            column, first, second = found
            return (f"One row cannot hold both {first} and {second} in {column}: & keeps the rows where both "
                    f"conditions are true, so it keeps none. For the rows with either value use | or .isin: "
                    f"{_either(column, first, second)}")
    return None


def unbracketed_conditions(error: BaseException, source: str) -> str | None:
    """``&`` or ``|`` between two comparisons without brackets: Python works out ``&`` first."""
    if not any(t in str(error) for t in ("rand_", "ror_", "for &", "for |", "truth value of a", "bitwise_and",
                                         "bitwise_or")):
        return None
    both = both_values_note(source)
    if both:
        return both
    for node in nodes(source, ast.Compare):
        fixed = _split(node)
        if fixed:
            compared = " and ".join(dict.fromkeys(_OPS.get(type(op), "comparisons") for op in node.ops))
            return (f"Python works out & and | before {compared}, so each condition needs brackets of its own: "
                    f"{fixed}")
    return None


def _bare_value(node: ast.BoolOp) -> str | None:
    """``col == 'a' or 'b'``: the bare value needs the column's comparison too (or ``.isin``)."""
    compares = [v for v in node.values if isinstance(v, ast.Compare) and len(v.ops) == 1]
    bare = [v for v in node.values if isinstance(v, ast.Constant)]
    if not compares or not bare:
        return None
    column, op = compares[0].left, compares[0].ops[0]
    values = [ast.unparse(v.comparators[0]) if isinstance(v, ast.Compare) else ast.unparse(v) for v in node.values]
    said = ", ".join(ast.unparse(v) for v in bare)
    if isinstance(node.op, ast.Or) and isinstance(op, ast.Eq) and len(values) == 2:
        return (f"`or` does not repeat the comparison: {said} on its own is not a condition. Compare the column "
                f"with each value and join them with |, or give both values to .isin: "
                f"{_either(ast.unparse(column), *values)}")
    if isinstance(node.op, ast.And) and isinstance(op, ast.Eq) and len(values) == 2:
        return both_values_note(f"({ast.unparse(column)} == {values[0]}) & ({ast.unparse(column)} == {values[1]})")
    sign = "&" if isinstance(node.op, ast.And) else "|"
    joined = f" {sign} ".join(f"({ast.unparse(ast.Compare(column, [op], [ast.parse(v, mode='eval').body]))})"
                              for v in values)
    return (f"{said} on its own is not a condition: compare the column with each value, join the conditions "
            f"with {sign} and put brackets round each: {joined}")


def and_between_conditions(error: BaseException, source: str) -> str | None:
    """``and``/``or`` between two conditions on columns: pandas needs ``&``/``|``."""
    if "truth value of a" not in str(error):
        return None
    bool_ops = nodes(source, ast.BoolOp)
    if bool_ops:
        node = bool_ops[0]
        sign = "&" if isinstance(node.op, ast.And) else "|"
        word = "and" if sign == "&" else "or"
        bare = _bare_value(node)
        if bare:
            return bare
        joined = f" {sign} ".join(f"({ast.unparse(v)})" for v in node.values)
        return (f"`{word}` cannot combine conditions on a column: use {sign} instead, with brackets round each "
                f"condition: {joined}")
    return ("A column of True/False values is not True or False as a whole: to combine conditions use & or |, "
            "and to ask whether any row (or every row) is True use .any() (or .all()).")


def dates_as_text(error: BaseException, source: str) -> str | None:
    """Two dates in quotes subtracted: text cannot be subtracted; dates can."""
    if "for -: 'str' and 'str'" not in str(error):
        return None
    for node in nodes(source, ast.BinOp):
        if isinstance(node.op, ast.Sub) and all(isinstance(s, ast.Constant) and isinstance(s.value, str)
                                                 for s in (node.left, node.right)):
            return (f"Text cannot be subtracted. Turn each date into a date first: "
                    f"(pd.Timestamp({node.left.value!r}) - pd.Timestamp({node.right.value!r})).days "
                    "gives the days between them.")
    return ("Text cannot be subtracted. If these are dates, turn each into a date first with "
            "pd.Timestamp('YYYY-MM-DD'), then subtract and take .days.")


def fractional_range(error: BaseException, source: str) -> str | None:
    """``range(0, 2, 0.25)``: range counts in whole steps only."""
    if "'float' object cannot be interpreted as an integer" not in str(error) or "range(" not in source:
        return None
    return ("range() counts in whole steps only (0, 1, 2, …). For values such as 0.25 or 1.5, write them "
            "out as a list, such as [0.5, 1.0, 1.5], or make them from whole numbers: [n / 2 for n in range(4)].")


def _bare(name: str) -> str:
    """A pattern for ``name`` standing bare in a query's text (not quoted, not ``@name``, not part of a word)."""
    return rf"(?<![\w'\"`@]){re.escape(name)}(?![\w'\"`])"


def _compared_names(query: str) -> list[str]:
    """The bare names a query compares a column with (``country == Russia``, ``x in [A, B]``): texts
    without quotes, unlike a column of its own (a misspelled column is not a text to quote)."""
    try:
        tree = ast.parse(query.replace("\n", " "), mode="eval")
    except (SyntaxError, ValueError):
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for value in (v for c in node.comparators for v in ([c] if isinstance(c, ast.Name) else
                                                                  getattr(c, "elts", []))):
                if isinstance(value, ast.Name) and value.id not in found:
                    found.append(value.id)
    return found


def unquoted_in_query(name: str, source: str) -> str | None:
    """``.query("country == Russia")``: a text value inside a query needs quotes of its own."""
    for node in nodes(source, ast.Call):
        if getattr(node.func, "attr", "") != "query" or not node.args or not isinstance(node.args[0], ast.Constant) \
                or not isinstance(node.args[0].value, str):
            continue
        query = node.args[0].value
        names = _compared_names(query)
        if name in names:
            for each in names:
                query = re.sub(_bare(each), f"'{each}'", query)
            return (f"Inside a query, a text value needs quotes of its own: .query(\"{query}\"). Without them "
                    f"pandas looks for a column or a variable called {name}.")
    return None


#: The notes tried for a ValueError and for a TypeError, in order; the first that applies is shown.
value_notes = (isin_for_a_list, unbracketed_conditions, and_between_conditions)
type_notes = (unbracketed_conditions, isin_with_several_values, dates_as_text, fractional_range)


def first_note(notes, error: BaseException, source: str) -> str | None:
    """The first of ``notes`` that has something to say about ``error`` in ``source``."""
    for note in notes:
        found = note(error, source)
        if found:
            return found
    return None

