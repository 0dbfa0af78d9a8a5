"""An impact told for the terminal: a table of dimensions and critères (series, means
before and after, mean change, how many rise and fall), the causes of each break in
series, and the structures that change level."""

from __future__ import annotations

from evalsoc.support.formatting import fr_number
from evalsoc.versions.flags import Flag
from evalsoc.versions.impact import Impact, NodeImpact

__all__ = ["impact_lines"]

_LABEL = 34
_HEAD = (f"{'Nœud':<{_LABEL}}  {'Série':<27}  {'N':>4}  {'Avant':>6}  {'Après':>6}  "
         f"{'Écart':>6}  {'Hausse':>6}  {'Baisse':>6}")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _number(value: float | None) -> str:
    return "—" if value is None else fr_number(value, 1)


def _row(node: NodeImpact) -> str:
    indent = "" if node.kind == "dimension" else "  "
    name = _cut(f"{indent}{node.node} {node.label}", _LABEL)
    delta = "—" if node.delta is None else (
        ("+" if node.delta > 0 else "") + fr_number(node.delta, 1))
    return (f"{name:<{_LABEL}}  {node.flag.label:<27}  {node.n:>4}  {_number(node.before):>6}  "
            f"{_number(node.after):>6}  {delta:>6}  {node.up:>6}  {node.down:>6}")


def impact_lines(impact: Impact) -> list[str]:
    lines = [_HEAD, *(_row(n) for n in impact.nodes)]
    breaks = [n for n in impact.nodes if n.kind == "dimension" and n.flag is Flag.RUPTURE]
    if breaks:
        lines += ["", "Ruptures de série :"]
        lines += [f"  {n.node} {n.label} : {n.cause}" for n in breaks]
    unmatched = [n.node for n in impact.nodes if n.origin is None]
    if unmatched:
        lines += ["", "Sans nœud unique dans l'ancienne version (fusionnés ou nouveaux), "
                      f"pas d'« avant » : {', '.join(unmatched)}."]
    lines.append("")
    if not impact.levels:
        lines.append("Aucune structure ne change de niveau sur une dimension.")
        return lines
    lines.append(f"Changements de niveau sur une dimension : {len(impact.levels)}")
    for change in impact.levels:
        was = "—" if change.before is None else str(change.before)
        now = "—" if change.after is None else str(change.after)
        name = f" {change.name}" if change.name else ""
        lines.append(f"  {change.structure}{name} : {change.node} {change.label}, "
                     f"niveau {was} → {now}")
    return lines
