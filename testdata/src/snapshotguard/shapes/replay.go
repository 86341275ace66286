package shapes

// Replayed applies commands through a processor that keeps chunks in a
// manager; Replay, run on a node's files before raft starts, builds a
// processor of its own and feeds it the log. What it reaches through the
// manager's Get is its own processor's, not the state machine's: not a
// reader of what Apply writes.
type Replayed struct {
	proc *Processor
}

func (r *Replayed) Apply(id string) { r.proc.Process(id) }

func (r *Replayed) Restore(data []byte) {}

type chunk struct{ file string }

type manager struct{ chunks map[string]*chunk }

func (m *manager) Get(id string) *chunk { return m.chunks[id] }

type Processor struct{ mgr *manager }

func NewProcessor() *Processor {
	return &Processor{mgr: &manager{chunks: map[string]*chunk{}}}
}

func (p *Processor) Process(id string) {
	if c := p.mgr.Get(id); c != nil {
		c.file = ""
	}
}

func Replay(ids []string) {
	p := NewProcessor()
	for _, id := range ids {
		p.Process(id)
	}
}
