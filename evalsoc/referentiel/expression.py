"""Expressions of a diagnostic: formulas and band conditions, evaluated safely.

A diagnostic's ratios are formulas like the scored indicators' (:mod:`.formula`); its
bands and notes are *conditions*: ``F05 >= fp_mois_min and F05 <= fp_mois_max``. Both are
read here, with comparisons (``< <= > >= == !=``), ``and``, ``or``, ``not`` allowed on top
of what a formula allows; a comparison is worth 1 or 0 in arithmetic, so that
``(F01 < 0) + (F01_prev < 0)`` counts deficits. Never ``eval``: simpleeval evaluates a
whitelisted tree, and :func:`names` lists what an expression reads so that
``referentiel check`` verifies it up front.
"""

from __future__ import annotations

import ast
import math
from functools import lru_cache

from evalsoc.referentiel.formula import FUNCTIONS, FormulaError, thread_evaluator

__all__ = ["condition", "denominators", "evaluate", "known_condition", "names"]

_ALLOWED = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.Constant, ast.Call,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.UAdd, ast.Mod, ast.Pow,
    ast.Compare, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq,
    ast.BoolOp, ast.And, ast.Or, ast.Not,
)


@lru_cache(maxsize=2048)
def _parse(expression: str) -> ast.Expression:
    try:
        return ast.parse(expression.strip(), mode="eval")
    except SyntaxError as err:
        raise FormulaError.because(expression, err.msg or "syntaxe", syntax=True) from err


@lru_cache(maxsize=2048)
def _names(expression: str) -> tuple[str, ...]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(_parse(expression)):
        if not isinstance(node, _ALLOWED):
            raise FormulaError.because(expression, f"élément non autorisé : {type(node).__name__}",
                                       syntax=True)
        if isinstance(node, ast.Call) and (
                not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS):
            raise FormulaError.because(
                expression, "seules les fonctions min, max, abs et round sont permises",
                syntax=True)
        if isinstance(node, ast.Constant) and (
                isinstance(node.value, bool) or not isinstance(node.value, (int, float))):
            raise FormulaError.because(expression, "seuls les nombres sont permis comme constantes",
                                       syntax=True)
        if isinstance(node, ast.Name) and node.id not in FUNCTIONS:
            found.append((node.col_offset, node.id))
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


def names(expression: str) -> list[str]:
    """The names an expression reads, in the order they are written; FormulaError when
    it cannot be read."""
    return list(_names(expression))


@lru_cache(maxsize=2048)
def denominators(expression: str) -> tuple[str, ...]:
    """The names read by what an expression divides by (to say which one is zero)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(_parse(expression)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.Mod)):
            found += [(n.col_offset, n.id) for n in ast.walk(node.right)
                      if isinstance(n, ast.Name) and n.id not in FUNCTIONS]
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


def _raw(expression: str, values: dict[str, float]) -> object:
    _names(expression)  # refuses anything outside the whitelist before evaluating
    evaluator = thread_evaluator()
    evaluator.names = dict(values)
    try:
        return evaluator.eval(expression, previously_parsed=_parse(expression).body)
    except ZeroDivisionError as err:
        raise FormulaError.because(expression, "division par zéro") from err
    except (ArithmeticError, ValueError, TypeError, KeyError) as err:
        raise FormulaError.because(expression, str(err)) from err


def evaluate(expression: str, values: dict[str, float]) -> float:
    """The expression's value (a comparison counts 1 or 0); FormulaError on a division
    by zero or a result that is not a finite number."""
    result = _raw(expression, values)
    if isinstance(result, bool):
        return 1.0 if result else 0.0
    if not isinstance(result, (int, float)) or not math.isfinite(result):
        raise FormulaError.because(expression, "résultat non numérique")
    return float(result)


def condition(expression: str, values: dict[str, float]) -> bool:
    """Whether a condition holds; FormulaError when it cannot be computed."""
    result = _raw(expression, values)
    if isinstance(result, float) and not math.isfinite(result):
        raise FormulaError.because(expression, "résultat non numérique")
    return bool(result)


_COMPARE = {ast.Lt: float.__lt__, ast.LtE: float.__le__, ast.Gt: float.__gt__,
            ast.GtE: float.__ge__, ast.Eq: float.__eq__, ast.NotEq: float.__ne__}


def known_condition(expression: str, values: dict[str, float]) -> bool | None:
    """Whether a condition holds when some of its names may be unknown (absent from
    ``values``): None only when the unknown ones decide (``a < 0 and b < 0`` is false as
    soon as ``a`` is not negative, whatever ``b``); FormulaError when it cannot be
    computed."""
    names(expression)  # the whitelist, before anything is evaluated
    return _truth(_parse(expression).body, values)


def _truth(node: ast.expr, values: dict[str, float]) -> bool | None:
    if isinstance(node, ast.BoolOp):
        found = [_truth(v, values) for v in node.values]
        decisive = isinstance(node.op, ast.And)  # False decides an « and », True an « or »
        if (not decisive) in found:
            return not decisive
        return None if None in found else decisive
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = _truth(node.operand, values)
        return None if inner is None else not inner
    if isinstance(node, ast.Compare):
        operands = [_number(n, values) for n in (node.left, *node.comparators)]
        if any(o is None for o in operands):
            return None
        return all(_COMPARE[type(op)](float(a or 0.0), float(b or 0.0))
                   for op, a, b in zip(node.ops, operands, operands[1:], strict=False))
    value = _number(node, values)
    return None if value is None else bool(value)


def _number(node: ast.expr, values: dict[str, float]) -> float | None:
    source = ast.unparse(node)
    if any(name not in values for name in names(source)):
        return None
    return evaluate(source, values)
