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
import threading
from functools import lru_cache

from simpleeval import SimpleEval

from evalsoc.referentiel.formula import FUNCTIONS, FormulaError

__all__ = ["condition", "evaluate", "names"]

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
        raise FormulaError(err.msg) from err


@lru_cache(maxsize=2048)
def _names(expression: str) -> tuple[str, ...]:
    found: list[str] = []
    for node in ast.walk(_parse(expression)):
        if not isinstance(node, _ALLOWED):
            raise FormulaError(f"élément non autorisé : {type(node).__name__}")
        if isinstance(node, ast.Call) and (
                not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS):
            raise FormulaError("seules les fonctions min, max, abs et round sont permises")
        if isinstance(node, ast.Constant) and (
                isinstance(node.value, bool) or not isinstance(node.value, (int, float))):
            raise FormulaError("seuls les nombres sont permis comme constantes")
        if isinstance(node, ast.Name) and node.id not in FUNCTIONS and node.id not in found:
            found.append(node.id)
    return tuple(found)


def names(expression: str) -> list[str]:
    """The names an expression reads, in order; FormulaError when it cannot be read."""
    return list(_names(expression))


_LOCAL = threading.local()


def _evaluator() -> SimpleEval:
    found: SimpleEval | None = getattr(_LOCAL, "evaluator", None)
    if found is None:
        found = _LOCAL.evaluator = SimpleEval(functions=dict(FUNCTIONS))
    return found


def _raw(expression: str, values: dict[str, float]) -> object:
    _names(expression)  # refuses anything outside the whitelist before evaluating
    evaluator = _evaluator()
    evaluator.names = dict(values)
    try:
        return evaluator.eval(expression, previously_parsed=_parse(expression).body)
    except ZeroDivisionError as err:
        raise FormulaError("division par zéro") from err
    except (ArithmeticError, ValueError, TypeError, KeyError) as err:
        raise FormulaError(str(err)) from err


def evaluate(expression: str, values: dict[str, float]) -> float:
    """The expression's value (a comparison counts 1 or 0); FormulaError on a division
    by zero or a result that is not a finite number."""
    result = _raw(expression, values)
    if isinstance(result, bool):
        return 1.0 if result else 0.0
    if not isinstance(result, (int, float)) or not math.isfinite(result):
        raise FormulaError("résultat non numérique")
    return float(result)


def condition(expression: str, values: dict[str, float]) -> bool:
    """Whether a condition holds; FormulaError when it cannot be computed."""
    result = _raw(expression, values)
    if isinstance(result, float) and not math.isfinite(result):
        raise FormulaError("résultat non numérique")
    return bool(result)
