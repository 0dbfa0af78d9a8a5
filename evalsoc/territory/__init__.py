"""Territory data the user provides beside the workbooks: the INSEE communal density grid
(a commune code -> one of 7 density levels), read from the CSV INSEE publishes
(:mod:`.density`). Reading is at the edge; the table is then a plain mapping."""
