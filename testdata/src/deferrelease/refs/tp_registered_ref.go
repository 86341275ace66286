package refs

import (
	"context"
	"errors"
	"sync"
)

// A reference registered with the record that made it (rec.refs[r] =
// struct{}{}) and removed by its Release(ctx): the caller holds it until
// it releases it, registered or not.

type record struct {
	mu   sync.Mutex
	refs map[*cacheRef]struct{}
	size int64
}

type cacheRef struct{ rec *record }

func (r *cacheRef) Release(ctx context.Context) error {
	r.rec.mu.Lock()
	delete(r.rec.refs, r)
	r.rec.mu.Unlock()
	return ctx.Err()
}

func (r *cacheRef) sizeOf(ctx context.Context) (int64, error) {
	if r.rec.size < 0 {
		return 0, errors.New("size unknown")
	}
	return r.rec.size, ctx.Err()
}

func (rec *record) newRef() *cacheRef {
	r := &cacheRef{rec: rec}
	rec.refs[r] = struct{}{}
	return r
}

type cacheManager struct{ records map[string]*record }

func (m *cacheManager) get(id string) (*cacheRef, error) {
	rec, ok := m.records[id]
	if !ok {
		return nil, errors.New("not found")
	}
	return rec.newRef(), nil
}

func (m *cacheManager) diskUsage(ctx context.Context, id string) (int64, error) {
	ref, err := m.get(id) // want `deferrelease: ref from m.get is not released on the path returning at tp_registered_ref.go:58 \(add defer ref.Release\(context.TODO\(\)\) after line 55\)`
	if err != nil {
		return 0, nil
	}
	s, err := ref.sizeOf(ctx)
	if err != nil {
		return 0, err
	}
	return s, ref.Release(context.TODO())
}

// Fixed: released on every path.
func (m *cacheManager) diskUsageReleased(ctx context.Context, id string) (int64, error) {
	ref, err := m.get(id)
	if err != nil {
		return 0, nil
	}
	defer ref.Release(context.TODO())
	return ref.sizeOf(ctx)
}
