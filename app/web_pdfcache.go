package app

import (
	"sync"
)

// pdfCache keeps the most recently built documents by ETag, so an unchanged programme
// is built once however many people download it. The ETag changes whenever the event
// or its agenda changes, so entries never go stale; the oldest are dropped first.
type pdfCache struct {
	mu    sync.Mutex
	max   int
	order []string
	docs  map[string][]byte
}

func newPDFCache(max int) *pdfCache {
	return &pdfCache{max: max, docs: map[string][]byte{}}
}

func (p *pdfCache) get(key string) ([]byte, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	doc, ok := p.docs[key]
	return doc, ok
}

func (p *pdfCache) put(key string, doc []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.docs[key]; ok {
		return
	}
	if len(p.order) >= p.max {
		delete(p.docs, p.order[0])
		p.order = p.order[1:]
	}
	p.order = append(p.order, key)
	p.docs[key] = doc
}
