"""Writing tables out: XLSX, CSV, JSON (and Parquet where pyarrow is present)."""
