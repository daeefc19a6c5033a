package datastore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // FerretDB's own SQLite driver, registered as "sqlite"
)

// The _id lookup index of the embedded store (docs/embedded-store.md).
//
// FerretDB 1.24 keeps a collection as a SQLite table of JSON documents in the column
// _ferretdb_sjson. It builds the unique _id index on the expression
// _ferretdb_sjson->"_id", but finds, updates and deletes documents by _id with
// _ferretdb_sjson->'$._id' (metadata.IDColumn). SQLite uses an expression index only
// for the identical expression, so without help every _id lookup scans the table and
// costs time in proportion to the collection's size. indexIDs adds a plain index on
// the expression the queries use, for every table of the store. Uniqueness is still
// held by FerretDB's own index; this one only makes lookups fast.

// sqliteIDExpr is the expression FerretDB's _id queries use (metadata.IDColumn).
const sqliteIDExpr = `_ferretdb_sjson->'$._id'`

// IDIndexName names the lookup index of a collection's table.
func IDIndexName(table string) string { return table + "__id_lookup" }

// openSQLite opens one database file of the store next to FerretDB's own
// connections (SQLite in WAL mode allows that); it waits for FerretDB's writer.
func (e *Embedded) openSQLite(dbName string) (*sql.DB, error) {
	file := filepath.Join(e.dir, dbName+".sqlite")
	if _, err := os.Stat(file); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(file)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// tables lists collection name → table name of one database file.
func tables(ctx context.Context, db *sql.DB) (map[string]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name, table_name FROM "_ferretdb_collections"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, table string
		if err := rows.Scan(&name, &table); err != nil {
			return nil, err
		}
		out[name] = table
	}
	return out, rows.Err()
}

func createIDIndex(ctx context.Context, db *sql.DB, table string) error {
	q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, IDIndexName(table), table, sqliteIDExpr)
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("embedded store: _id index on %s: %w", table, err)
	}
	return nil
}

// withTables runs fn with one database file of the store and its collection → table
// names; a database with nothing stored yet has no file, and fn is not run.
func (e *Embedded) withTables(ctx context.Context, dbName string, fn func(db *sql.DB, tables map[string]string) error) error {
	db, err := e.openSQLite(dbName)
	if errors.Is(err, os.ErrNotExist) {
		return nil // nothing stored in this database yet
	}
	if err != nil {
		return fmt.Errorf("embedded store: open %s: %w", dbName, err)
	}
	defer db.Close()
	all, err := tables(ctx, db)
	if err != nil {
		return fmt.Errorf("embedded store: list collections of %s: %w", dbName, err)
	}
	return fn(db, all)
}

// indexIDs gives the named collections of one database the lookup index; no names:
// every collection of the database.
func (e *Embedded) indexIDs(ctx context.Context, dbName string, collections ...string) error {
	return e.withTables(ctx, dbName, func(db *sql.DB, all map[string]string) error {
		if len(collections) == 0 {
			for name := range all {
				collections = append(collections, name)
			}
		}
		var errs []error
		for _, name := range collections {
			if table, ok := all[name]; ok {
				errs = append(errs, createIDIndex(ctx, db, table))
			}
		}
		return errors.Join(errs...)
	})
}

// IndexAllIDs gives every collection of every database in the store the lookup
// index. EnsureIndexes and EnsureCollection already do it for the collections they
// prepare; this catches collections made later by a first insert.
func (e *Embedded) IndexAllIDs(ctx context.Context) error {
	files, err := filepath.Glob(filepath.Join(e.dir, "*.sqlite"))
	if err != nil {
		return err
	}
	var errs []error
	for _, f := range files {
		errs = append(errs, e.indexIDs(ctx, strings.TrimSuffix(filepath.Base(f), ".sqlite")))
	}
	return errors.Join(errs...)
}

// ExplainIDLookup returns SQLite's query plan for the statement FerretDB runs to find
// a document of the collection by _id, e.g. "SEARCH t USING INDEX t__id_lookup (<expr>=?)".
func (e *Embedded) ExplainIDLookup(ctx context.Context, dbName, collection string) (string, error) {
	return e.explain(ctx, dbName, collection, sqliteIDExpr+` = ?`, `"x"`)
}

// ExplainEquality returns SQLite's query plan for the condition the patched store
// runs for an equality on field, e.g. "MULTI-INDEX OR; …".
func (e *Embedded) ExplainEquality(ctx context.Context, dbName, collection, field string) (string, error) {
	return e.explain(ctx, dbName, collection,
		fmt.Sprintf(`(_ferretdb_sjson->>'$.%[1]s' = ? OR json_type(_ferretdb_sjson, '$.%[1]s') = 'array')`, field), "x")
}

func (e *Embedded) explain(ctx context.Context, dbName, collection, where string, arg any) (string, error) {
	db, err := e.openSQLite(dbName)
	if err != nil {
		return "", err
	}
	defer db.Close()
	all, err := tables(ctx, db)
	if err != nil {
		return "", err
	}
	table, ok := all[collection]
	if !ok {
		return "", fmt.Errorf("no collection %s in %s", collection, dbName)
	}
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE %s`, table, where), arg)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; "), rows.Err()
}

// equalityIndexes are the SQLite indexes that serve the patched store's pushed-down
// equality on a field (third_party/ferretdb, patch 2): the condition
// `(->>'$.f' = ? OR json_type(…, '$.f') = 'array')` is answered by SQLite's
// MULTI-INDEX OR when both expressions are indexed, reading only the matching rows.
func equalityIndexes(table, field string) []string {
	return []string{
		fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->>'$.%s')`, table+"_"+field+"_eq", table, field),
		fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (json_type(_ferretdb_sjson, '$.%s'))`, table+"_"+field+"_arr", table, field),
	}
}

// indexEqualities gives one collection the equality indexes of the fields.
func (e *Embedded) indexEqualities(ctx context.Context, dbName, collection string, fields []string) error {
	if len(fields) == 0 {
		return nil
	}
	return e.withTables(ctx, dbName, func(db *sql.DB, all map[string]string) error {
		table, ok := all[collection]
		if !ok {
			return nil // made by its first insert; the next start indexes it
		}
		for _, f := range fields {
			for _, q := range equalityIndexes(table, f) {
				if _, err := db.ExecContext(ctx, q); err != nil {
					return fmt.Errorf("embedded store: index %s.%s: %w", collection, f, err)
				}
			}
		}
		return nil
	})
}
