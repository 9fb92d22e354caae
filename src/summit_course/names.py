"""Which names a cell binds: the one reading the tracker, the grader and the build all share.

A notebook cell runs at module level, so the names it binds are those Python's scoping
rules give the module: assignment targets (tuple unpacking, augmented and annotated
assignment), the walrus operator (also inside a comprehension), ``for`` and ``with``
targets, ``except ... as``, ``match`` captures, imports (``import a.b`` binds ``a``,
``import x as y`` binds ``y``), ``def`` and ``class`` names, ``del`` targets, and names a
function declares ``global`` and assigns. Names local to a function, a class body, a lambda
or a comprehension are not the cell's. A cell that does not parse (a typo, an IPython
magic) is read statement by statement, then line by line, so its other names still count.

:func:`read_names` is the other half: which names a cell reads (the tracker's "this cell uses
a name an earlier cell set", the site's "this cell shows an answer").
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Iterator

__all__ = ["assigned_names", "last_assignment", "read_names"]

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# a line that does not parse on its own: `a, b = `, `x: int =`, `total += `, at its start
_ASSIGN_LINE = re.compile(
    r"^[ \t]*[(\[]?[ \t]*((?:[A-Za-z_]\w*|\*?[A-Za-z_]\w*)(?:[ \t]*,[ \t]*\*?[A-Za-z_]\w*)*[ \t]*,?)[ \t]*[)\]]?"
    r"[ \t]*(?::[^=\n]*)?(?:[-+*/%@&|^]|//|\*\*|>>|<<)?=(?!=)")


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def _global_assignments(function: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """Names a function declares ``global`` and binds in its body (they are the module's)."""
    declared = {name for node in ast.walk(function) if isinstance(node, ast.Global) for name in node.names}
    if not declared:
        return
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)) and node.id in declared:
            yield node.id, node


def _walrus_targets(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """``:=`` targets inside a comprehension: they bind in the enclosing scope (PEP 572)."""
    for child in ast.walk(node):
        if isinstance(child, ast.NamedExpr):
            yield child.target.id, child


def _bindings(node: ast.AST, binder: ast.AST | None = None) -> Iterator[tuple[str, ast.AST]]:
    """Each (name, node that binds it) of the code under ``node``, at module level, in the order it runs."""
    if isinstance(node, _SCOPES):
        outer = [*getattr(node, "decorator_list", ()), *getattr(node, "bases", ()),
                 *(k.value for k in getattr(node, "keywords", ()))]
        arguments = getattr(node, "args", None)
        if isinstance(arguments, ast.arguments):
            outer += [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]
        for child in outer:  # evaluated in the enclosing scope, before the name is bound
            yield from _bindings(child)
        if not isinstance(node, ast.Lambda):
            yield node.name, node
        yield from _global_assignments(node)
    elif isinstance(node, _COMPREHENSIONS):
        yield from _walrus_targets(node)
    elif isinstance(node, ast.Name):
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            yield node.id, binder if binder is not None else node
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        for alias in node.names:
            if alias.name != "*":
                yield (alias.asname or alias.name.split(".")[0]), node
    elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
        if node.value is None:  # `x: int` alone annotates; it binds nothing
            return
        yield from _bindings(node.value)  # the value runs first, then the targets are bound
        for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
            yield from _bindings(target, node)
    elif isinstance(node, (ast.For, ast.AsyncFor)):
        yield from _bindings(node.iter)
        yield from _bindings(node.target, node)
        for child in (*node.body, *node.orelse):
            yield from _bindings(child)
    else:
        if isinstance(node, ast.ExceptHandler) and node.name:
            yield node.name, node
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            yield node.name, node
        elif isinstance(node, ast.MatchMapping) and node.rest:
            yield node.rest, node
        inner = node if isinstance(node, (ast.Delete, ast.withitem)) else binder
        for child in ast.iter_child_nodes(node):
            yield from _bindings(child, inner)


def _pieces(source: str) -> Iterator[ast.Module]:
    """What parses of a source that does not parse whole: each line alone (a header with ``pass``)."""
    for line in source.splitlines():
        text = line.strip()
        if not text or text.startswith(("%", "!", "#")):
            continue
        tree = _parse(text) or (_parse(text + " pass") if text.endswith(":") else None)
        if tree is not None:
            yield tree
            continue
        found = _ASSIGN_LINE.match(line)
        if found:
            names = [n.lstrip("*") for n in re.findall(r"\*?[A-Za-z_]\w*", found.group(1))]
            yield ast.Module([ast.Assign([ast.Name(n, ast.Store()) for n in names if not keyword.iskeyword(n)],
                                         ast.Constant(None))], [])


def _all_bindings(source: str) -> list[tuple[str, ast.AST]]:
    tree = _parse(source)
    trees = [tree] if tree is not None else list(_pieces(source))
    return [found for t in trees for found in _bindings(t)]


def assigned_names(source: str) -> list[str]:
    """The names a cell's source binds at module level, each once, in the order of its last binding.

    ``del x`` counts: like an assignment, it changes what ``x`` is after the cell ran.

    Parameters
    ----------
    source : str
        A code cell's source (after IPython's transformation, when there is a shell).
    """
    order: dict[str, None] = {}
    for name, _ in _all_bindings(source):
        order.pop(name, None)
        order[name] = None
    return list(order)


def last_assignment(source: str) -> tuple[str, ast.expr | None] | None:
    """The last name a source assigns with ``=`` (plain, annotated) or ``:=``, and the value it gets.

    ``None`` when it assigns none or does not parse: the build's "which answer variable does
    this solution region set".
    """
    tree = _parse(source)
    if tree is None:
        return None
    assigned = [(name, node.value) for name, node in _bindings(tree)
                if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr))]
    return assigned[-1] if assigned else None


def read_names(source: str) -> set[str]:
    """The names a cell's source reads; for a cell that does not parse (a magic, a shell line), every word in it."""
    tree = _parse(source)
    if tree is None:
        return set(re.findall(r"[A-Za-z_]\w*", source))
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
