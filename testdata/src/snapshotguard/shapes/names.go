package shapes

import "sync"

// Transport sends the InstallSnapshot RPC to a follower; with no apply
// method beside it, the name does not make it a state machine.
type Transport struct {
	conns map[string]*peerConn
}

type peerConn struct{ broken bool }

func (t *Transport) InstallSnapshot(target string, data []byte) error {
	if c := t.conns[target]; c != nil {
		c.broken = len(data) == 0
	}
	return nil
}

func (t *Transport) Healthy(target string) bool { return !t.conns[target].broken }

// AlarmStore restores its alarms when it is made: an unexported restore
// with no apply beside it is a constructor's helper.
type AlarmStore struct {
	mu    sync.Mutex
	types map[string]int
}

func NewAlarmStore() *AlarmStore {
	a := &AlarmStore{types: map[string]int{}}
	a.restore()
	return a
}

func (a *AlarmStore) restore() { a.types["nospace"] = 1 }

func (a *AlarmStore) Get(k string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.types[k]
}

// Account restores a stream from a backup; RestoreXxx alone, with no
// Restore, does not make it a state machine.
type Account struct {
	streams map[string]int
}

func (a *Account) RestoreStream(name string) { a.streams[name] = 1 }

func (a *Account) Streams() int { return len(a.streams) }
