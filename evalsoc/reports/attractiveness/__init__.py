"""The rural attractiveness grid's reports: each structure's « conditions
d'attractivité » (R1 to R12, what it is and where each datum comes from), and the
sector document for the rural workshop (the typology, the grid's tables, the method).
Both use the synthèse's model and renderers (HTML, PDF, XLSX)."""
