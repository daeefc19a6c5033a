// Copyright 2021 FerretDB Inc.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

// Modified by folkhalsa-events (see PATCHES.md, patch 2).

package sqlite

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// prepareSelectClause returns SELECT clause for default column of provided table name.
//
// For capped collection with onlyRecordIDs, it returns select clause for recordID column.
//
// For capped collection, it returns select clause for recordID column and default column.
func prepareSelectClause(table, comment string, capped, onlyRecordIDs bool) string {
	if comment != "" {
		comment = strings.ReplaceAll(comment, "/*", "/ *")
		comment = strings.ReplaceAll(comment, "*/", "* /")
		comment = `/* ` + comment + ` */`
	}

	if capped && onlyRecordIDs {
		return fmt.Sprintf(`SELECT %s %s FROM %q`, comment, metadata.RecordIDColumn, table)
	}

	if capped {
		return fmt.Sprintf(`SELECT %s %s, %s FROM %q`, comment, metadata.RecordIDColumn, metadata.DefaultColumn, table)
	}

	return fmt.Sprintf(`SELECT %s %s FROM %q`, comment, metadata.DefaultColumn, table)
}

// prepareOrderByClause returns ORDER BY clause for given sort document.
//
// The provided sort document should be already validated.
// Provided document should only contain a single value.
func prepareOrderByClause(sort *types.Document) string {
	if sort.Len() != 1 {
		return ""
	}

	v := must.NotFail(sort.Get("$natural"))
	var order string

	switch v.(int64) {
	case 1:
		// Ascending order
	case -1:
		order = " DESC"
	default:
		panic("not reachable")
	}

	return fmt.Sprintf(" ORDER BY %s%s", metadata.RecordIDColumn, order)
}

// pushdownField is a top-level field name that can be written into a JSON path as it is.
var pushdownField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// prepareWhereClause hands SQLite the filter's top-level equalities (patch 2), so that
// finding one event's registrations reads those rows, not the whole table decoded in
// Go. The handler filters the rows again after the query, so the clause may let extra
// rows through but must never drop one that matches:
//
//   - `_id` (a string or an ObjectID; never an array) is compared on its JSON text,
//     the expression FerretDB has always used (metadata.IDColumn);
//   - any other field is pushed only for a string value, compared unescaped (`->>`),
//     so that how the string was escaped when stored does not matter; a document whose
//     field is an array is kept too, since `{tags: "x"}` matches `["x", "y"]`;
//   - operators (`$and`, `{field: {$in: …}}`), dotted paths and other types are left
//     to the handler.
func prepareWhereClause(filter *types.Document) (string, []any) {
	var conds []string
	var args []any

	iter := filter.Iterator()
	defer iter.Close()

	for {
		k, v, err := iter.Next()
		if err != nil {
			break // done (a filter is a document in memory: no other error)
		}

		if k == "_id" {
			switch v.(type) {
			case string, types.ObjectID:
				conds = append(conds, fmt.Sprintf(`%s = ?`, metadata.IDColumn))
				args = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))
			}

			continue
		}

		s, ok := v.(string)
		if !ok || !pushdownField.MatchString(k) {
			continue
		}

		conds = append(conds, fmt.Sprintf(`(%[1]s->>'$.%[2]s' = ? OR json_type(%[1]s, '$.%[2]s') = 'array')`, metadata.DefaultColumn, k))
		args = append(args, s)
	}

	if len(conds) == 0 {
		return "", nil
	}

	return " WHERE " + strings.Join(conds, " AND "), args
}
