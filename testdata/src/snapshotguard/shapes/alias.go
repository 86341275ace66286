package shapes

import (
	"bytes"
	"encoding/json"
	"sync"
)

// schema holds aliases under mu.
type schema struct {
	mu      sync.RWMutex
	aliases map[string]string
}

func (s *schema) restoreAliases(data []byte) error {
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.aliases = m
	return nil
}

// SchemaManager has no Apply; its Restore makes it a state machine, and
// RestoreAliases writes too. Its AliasSnapshot encodes the aliases for a
// snapshot that the FSM persists on a goroutine of its own, while a
// restore may run. It reads them with no lock.
type SchemaManager struct {
	schema *schema
}

func (m *SchemaManager) Restore(data []byte) error { return nil }

func (m *SchemaManager) RestoreAliases(data []byte) error {
	return m.schema.restoreAliases(data)
}

func (m *SchemaManager) AliasSnapshot() ([]byte, error) {
	var buf bytes.Buffer
	err := json.NewEncoder(&buf).Encode(m.schema.aliases) // want `snapshotguard: m.schema.aliases is read without a lock, but \(\*SchemaManager\).RestoreAliases \(alias.go:37\) assigns it through schema.restoreAliases; hold m.schema.mu \(RLock\) here, as \(\*SchemaManager\).RestoreAliases holds it`
	return buf.Bytes(), err
}

// LockedSchemaManager is the fix: the snapshot copies the map under the
// lock.
type LockedSchemaManager struct {
	schema *schema
}

func (m *LockedSchemaManager) Restore(data []byte) error { return nil }

func (m *LockedSchemaManager) RestoreAliases(data []byte) error {
	return m.schema.restoreAliases(data)
}

func (m *LockedSchemaManager) AliasSnapshot() ([]byte, error) {
	m.schema.mu.RLock()
	aliases := make(map[string]string, len(m.schema.aliases))
	for k, v := range m.schema.aliases {
		aliases[k] = v
	}
	m.schema.mu.RUnlock()
	return json.Marshal(aliases)
}
