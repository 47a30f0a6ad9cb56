import duckdb

from api.catalog.db import SCHEMA, Catalog


def test_a_catalog_from_before_the_cover_column_is_upgraded_in_place(tmp_path):
    path = tmp_path / "catalog.duckdb"
    old = duckdb.connect(str(path))
    # The schema as it was before the list got its own cover column.
    old.execute(SCHEMA.replace("    cover_url VARCHAR,\n", ""))
    assert "cover_url" not in {r[0] for r in old.execute("DESCRIBE stories").fetchall()}
    old.execute(
        "INSERT INTO stories (id, created_at, updated_at, request, child_name, child_name_lower,"
        " primary_lang, secondary_lang, page_count, request_hash, status)"
        " VALUES ('s1', 1, 1, '{}', 'Mina', 'mina', 'Korean', 'English', 4, 'h', 'queued')"
    )
    old.close()
    catalog = Catalog(path)
    try:
        rows = catalog.cursor().execute("SELECT id, cover_url FROM stories").fetchall()
        assert rows == [("s1", None)]
    finally:
        catalog.close()
