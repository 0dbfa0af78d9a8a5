"""Référentiel formulas (ratios, sums) parsed and evaluated safely, never with ``eval``.

simpleeval evaluates a restricted Python expression over named values; the names a formula
reads are found with :mod:`ast` so that ``referentiel check`` can verify them up front.
"""

from __future__ import annotations

import ast
import math
import threading
from functools import lru_cache

from simpleeval import SimpleEval

from evalsoc.errors import FormulaError

__all__ = ["FormulaError", "evaluate", "names", "thread_evaluator"]

FUNCTIONS = {"min": min, "max": max, "abs": abs, "round": round}
_ALLOWED = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.Constant, ast.Call,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.UAdd, ast.Mod, ast.Pow,
)


@lru_cache(maxsize=1024)
def _parse(formula: str) -> ast.Expression:
    try:
        return ast.parse(formula.strip(), mode="eval")
    except SyntaxError as err:
        raise FormulaError.because(formula, err.msg or "syntaxe", syntax=True) from err


@lru_cache(maxsize=1024)
def _names(formula: str) -> tuple[str, ...]:
    tree = _parse(formula)
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise FormulaError.because(formula, f"élément non autorisé : {type(node).__name__}",
                                       syntax=True)
        if isinstance(node, ast.Call) and (
            not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS
        ):
            raise FormulaError.because(
                formula, "seules les fonctions min, max, abs et round sont permises", syntax=True)
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise FormulaError.because(
                formula, "seuls les nombres sont permis comme constantes", syntax=True)
        if isinstance(node, ast.Name) and node.id not in FUNCTIONS and node.id not in found:
            found.append(node.id)
    return tuple(found)


def names(formula: str) -> list[str]:
    """The question ids a formula reads, in order of appearance; FormulaError if unreadable."""
    return list(_names(formula))


_LOCAL = threading.local()


def thread_evaluator() -> SimpleEval:
    """One evaluator per thread, its names set for each formula: building one costs more
    than most evaluations (also :mod:`evalsoc.referentiel.expression`'s)."""
    found: SimpleEval | None = getattr(_LOCAL, "evaluator", None)
    if found is None:
        found = _LOCAL.evaluator = SimpleEval(functions=dict(FUNCTIONS))
    return found


def evaluate(formula: str, values: dict[str, float]) -> float:
    """The formula's value; FormulaError on division by zero or a non-finite result."""
    _names(formula)  # refuses anything outside the whitelist before evaluating
    evaluator = thread_evaluator()
    evaluator.names = dict(values)
    try:
        result = evaluator.eval(formula, previously_parsed=_parse(formula).body)
    except ZeroDivisionError as err:
        raise FormulaError.because(formula, "division par zéro") from err
    except (ArithmeticError, ValueError, TypeError) as err:
        raise FormulaError.because(formula, str(err)) from err
    if not isinstance(result, (int, float)) or not math.isfinite(result):
        raise FormulaError.because(formula, "résultat non numérique")
    return float(result)
