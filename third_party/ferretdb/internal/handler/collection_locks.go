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

// Modified by folkhalsa-events (see PATCHES.md, patch 1): a new file.

package handler

import "sync"

// collectionLocks hold a collection while a command reads documents and writes them
// back (update, findAndModify, delete). The backend reads in one SQLite transaction
// and writes in another, so without the lock two concurrent `$inc` of one document
// both read the same value and one increment is lost, and two `findOneAndUpdate`
// calls both match the same free document. In embedded use one process owns the
// SQLite files, so a lock in the process makes each read-modify-write atomic, as
// MongoDB's single-document writes are.
type collectionLocks struct {
	m sync.Map // "db.collection" → *sync.Mutex
}

// lock locks the collection and returns its unlock.
func (l *collectionLocks) lock(db, collection string) func() {
	mu, _ := l.m.LoadOrStore(db+"."+collection, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()

	return mu.(*sync.Mutex).Unlock
}
