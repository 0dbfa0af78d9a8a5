#!/usr/bin/env bash
# The main job on the shipped example: two yearly campaigns of the same 24 fictitious
# cultural associations (Calvados, Manche, Orne), from questionnaires to reports. The
# 2025 campaign follows ardes-culture 1.0.0, the 2026 one ardes-culture 1.2.0: the 2025
# scores are recomputed under 1.2.0 (evalsoc migrate, through the crosswalks 1.0.0 ->
# 1.1.0 -> 1.2.0), and the evolution compares only what the series flags allow.
# Run from the repository root after « pip install -e . »; everything goes to demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
evalsoc="${EVALSOC:-.venv/bin/evalsoc}"
out="${EVALSOC_DEMO_DIR:-demo}"
mkdir -p "$out"
step() { printf '\n== %s\n' "$*"; }
density=examples/territoires/grille-densite-exemple.csv  # a small fictitious INSEE sample

step "1. Le référentiel livré, ses trois versions et ce qui change de l'une à l'autre"
"$evalsoc" referentiel check ardes-culture@1.0.0
"$evalsoc" referentiel check ardes-culture@1.1.0
"$evalsoc" referentiel check ardes-culture@1.2.0
"$evalsoc" referentiel diff ardes-culture@1.0.0 ardes-culture@1.1.0 | sed -n 3,4p
"$evalsoc" referentiel diff ardes-culture@1.1.0 ardes-culture@1.2.0 | sed -n 3,4p

step "2. Deux campagnes simulées des mêmes structures fictives (2025 en 1.0.0, puis 2026 en 1.2.0)"
"$evalsoc" simulate ardes-culture@1.0.0 --structures 24 --seed 2025 --annee 2025 --messy \
  -o "$out/retours-2025" -q
"$evalsoc" simulate ardes-culture@1.2.0 --structures 24 --seed 2025 --annee 2026 \
  --individuels partenaires -o "$out/retours-2026" -q
# and the rural grid (attractivite-rurale), filled in 2025 by 12 of them (step 12)
"$evalsoc" simulate attractivite-rurale --structures 12 --seed 2025 -o "$out/rural-2025" -q \
  | sed -n 1p

step "3. Les questionnaires vierges pré-remplis pour chaque structure"
"$evalsoc" questionnaire ardes-culture@1.2.0 --structures "$out/retours-2025/structures.csv" \
  -o "$out/questionnaires" --remplacer | tail -n 2

step "4. Vérification des classeurs remplis (avertissements seulement attendus)"
"$evalsoc" check "$out/retours-2025" -q | tail -n 3

step "5. Scores de la campagne 2025"
"$evalsoc" score "$out/retours-2025" -o "$out/scores-2025.xlsx" -q | tail -n 2

step "6. Enregistrement des campagnes dans la base"
rm -f "$out/evalsoc.sqlite" "$out/evalsoc.sqlite-wal" "$out/evalsoc.sqlite-shm"
"$evalsoc" ingest "$out/retours-2025" --campagne 2025 --annee 2025 \
  --structures "$out/retours-2025/structures.csv" --db "$out/evalsoc.sqlite" -q
"$evalsoc" ingest "$out/retours-2026" --campagne 2026 --annee 2026 \
  --db "$out/evalsoc.sqlite" -q
"$evalsoc" ingest "$out/rural-2025" --campagne rural-2025 --annee 2025 \
  --structures "$out/rural-2025/structures.csv" --db "$out/evalsoc.sqlite" -q | sed -n 1,2p

step "6 bis. Les scores 2025 recalculés en 1.2.0, nœud par nœud selon les tables de correspondance"
"$evalsoc" migrate --campagne 2025 --vers ardes-culture@1.2.0 --dry-run \
  --db "$out/evalsoc.sqlite" | sed -n 1,2p
"$evalsoc" migrate --campagne 2025 --vers ardes-culture@1.2.0 --db "$out/evalsoc.sqlite" \
  | tail -n 4

step "7. Export des tableaux (secret statistique appliqué)"
"$evalsoc" export --campagne 2026 --precedente 2025 --db "$out/evalsoc.sqlite" \
  -o "$out/export-2026.xlsx"

step "8. Vérification d'ensemble : rien de ce qui est publié ne trahit une structure"
# with the needs and the rural grid's itinérance that the synthesis (step 9) reads
"$evalsoc" audit --campagne 2026 --precedente 2025 --besoins --attractivite rural-2025 \
  --densite "$density" --db "$out/evalsoc.sqlite" | tail -n 1

step "8 bis. Les citations : le consultant choisit celles que la synthèse et les fiches publient"
"$evalsoc" citations exporter --campagne 2026 --db "$out/evalsoc.sqlite" \
  -o "$out/citations-2026.xlsx"
# in Excel or LibreOffice, the consultant writes « oui » in the « publier » column; here a
# small script marks two quotes per question (examples/citations/marquer.py)
"$(dirname "$evalsoc")/python" examples/citations/marquer.py "$out/citations-2026.xlsx"
"$evalsoc" citations importer --campagne 2026 --db "$out/evalsoc.sqlite" \
  "$out/citations-2026.xlsx" | tail -n 1

step "9. Les fiches des structures (HTML, PDF et ODT) et la synthèse sectorielle"
"$evalsoc" report structure --campagne 2026 --db "$out/evalsoc.sqlite" -o "$out/rapports/fiches" -q \
  | tail -n 3
"$evalsoc" report sector --campagne 2026 --precedente 2025 --besoins --attractivite rural-2025 \
  --densite "$density" --db "$out/evalsoc.sqlite" -o "$out/rapports" | tail -n 4
# the quotes printed are the selected ones, as consent allows: the audit reads them back
"$evalsoc" audit --campagne 2026 --db "$out/evalsoc.sqlite" \
  --documents "$out/rapports/synthese-2026_depuis-2025.html" --documents "$out/rapports/fiches" \
  | tail -n 2 | head -n 1

step "10. L'autodiagnostic financier : utilité sociale et comptes de trois exercices dans un même classeur"
"$evalsoc" simulate ardes-culture@1.2.0+autodiag-financier --structures 14 --seed 2025 \
  -o "$out/retours-finances" -q
"$evalsoc" score "$out/retours-finances" -q | tail -n 4
"$evalsoc" ingest "$out/retours-finances" --campagne finances-2025 --annee 2025 \
  --db "$out/evalsoc.sqlite" -q
"$evalsoc" audit --campagne finances-2025 --db "$out/evalsoc.sqlite" | tail -n 1
"$evalsoc" export --campagne finances-2025 --db "$out/evalsoc.sqlite" \
  -o "$out/export-finances-2025.xlsx" | tail -n 1
"$evalsoc" report structure --campagne finances-2025 --db "$out/evalsoc.sqlite" \
  -o "$out/rapports/fiches-finances" -q | sed -n 1p
# its synthesis reads the « professionnalisation » stake with the financial alerts too
"$evalsoc" report sector --campagne finances-2025 --db "$out/evalsoc.sqlite" --format html \
  -o "$out/rapports/finances" | sed -n 1p

step "11. L'observation participative et partagée (OPP) : 2025 sous la 1.0.0, 2026 sous la 1.1.0 (42 champs) et une structure de plus"
"$evalsoc" simulate opp-observation@1.0.0 --structures 12 --seed 2025 --annee 2025 -o "$out/opp-2025" -q
"$evalsoc" simulate opp-observation --structures 13 --seed 2025 --annee 2026 -o "$out/opp-2026" -q
"$evalsoc" ingest "$out/opp-2025" --campagne opp-2025 --annee 2025 \
  --structures "$out/opp-2025/structures.csv" --db "$out/evalsoc.sqlite" -q
"$evalsoc" ingest "$out/opp-2026" --campagne opp-2026 --annee 2026 \
  --structures "$out/opp-2026/structures.csv" --db "$out/evalsoc.sqlite" -q
"$evalsoc" audit --campagne opp-2026 --precedente opp-2025 --db "$out/evalsoc.sqlite" | tail -n 1
"$evalsoc" report observation --campagne opp-2026 --precedente opp-2025 \
  --db "$out/evalsoc.sqlite" -o "$out/rapports/observation" | sed -n 1p

step "12. Les conditions d'attractivité rurale, avec la grille de densité de l'INSEE (échantillon fictif)"
# the campaign of the grid was simulated at step 2 and stored at step 6
"$evalsoc" report attractivite --campagne rural-2025 --db "$out/evalsoc.sqlite" \
  --densite "$density" -o "$out/rapports/attractivite" | sed -n 1p
# the workshop's typology is published under the same rules: the audit checks it
"$evalsoc" audit --campagne rural-2025 --db "$out/evalsoc.sqlite" | tail -n 1
# one structure's conditions joined to its 2026 utilité-sociale fiche
"$evalsoc" report structure --campagne 2026 --attractivite rural-2025 --structure S0001 \
  --densite "$density" --db "$out/evalsoc.sqlite" \
  -o "$out/rapports/fiches-attractivite" -q | grep "^Conditions"

step "13. Une convention de la Région : son suivi annuel depuis les deux campagnes"
"$evalsoc" convention suivi examples/conventions/cpo-region-S0001.csv --campagne 2025 \
  --campagne 2026 --db "$out/evalsoc.sqlite" -o "$out/annexe-cpo-2025-S0001.html"

step "Terminé. À ouvrir :"
echo "  synthèse sectorielle : $out/rapports/ (HTML, PDF, ODT, XLSX)"
echo "  fiches des structures : $out/rapports/fiches/"
echo "  tableaux exportés : $out/export-2026.xlsx ; scores 2025 : $out/scores-2025.xlsx"
echo "  citations de la campagne 2026 (la colonne « publier » marquée) : $out/citations-2026.xlsx"
echo "  autodiagnostic financier (médianes, parts en rouge) : $out/export-finances-2025.xlsx"
echo "  fiches avec leur fiche financière (dernière page) : $out/rapports/fiches-finances/"
echo "  synthèse de la campagne avec l'autodiagnostic (alertes financières) : $out/rapports/finances/"
echo "  observation (OPP), chiffres clés et séries : $out/rapports/observation/"
echo "  conditions d'attractivité rurale, typologie et fiches : $out/rapports/attractivite/"
echo "  suivi de la convention CPO-2025-S0001 (annexe à imprimer) : $out/annexe-cpo-2025-S0001.html"
