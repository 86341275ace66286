// Package configured has a writer named only by -snapshotguard.funcs.
package configured

type Cache struct{ entries map[string]string }

// Swap replaces the cache; the analyzer is told so by its configuration.
func (c *Cache) Swap(entries map[string]string) { c.entries = entries }

func (c *Cache) Get(k string) string {
	return c.entries[k] // want `snapshotguard: c.entries is read without a lock, but \(\*Cache\).Swap \(configured.go:7\) assigns it`
}
