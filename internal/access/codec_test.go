package access

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/leaklint/leaklint/internal/locks"
)

// A summary read back through gob, as the runner and go vet do, equals the
// one written, every field set.
func TestSummaryGobRoundTrip(t *testing.T) {
	mu := Lock{Path: "example.com/p.FSM.mu", Name: "f.mu", Mode: locks.Read}
	in := &Summary{
		Fresh:    true,
		Requires: []Lock{mu},
		Accesses: []Access{
			{Field: "example.com/p.FSM.state", Name: "f.state", Kind: Update, Atomic: true, Locks: []Lock{mu}, Via: "FSM.apply", Depth: 2, Param: -3, Global: true, SelfLocked: true},
			{Field: "example.com/p.FSM.state", Name: "f.state", Kind: Read, Param: -1},
		},
	}
	// Every exported field of Access is set above; a new one must be
	// encoded too.
	assert.Equal(t, 10, reflect.TypeFor[Access]().NumField()-1, "Access gained a field: encode it in codec.go and set it here")
	assert.Equal(t, 3, reflect.TypeFor[Summary]().NumField()-1, "Summary gained a field: encode it in codec.go and set it here")

	var out analysis.Fact
	roundTrip(t, in, &out)
	require.NoError(t, out.(*Summary).parse())
	assert.Equal(t, in, out)
}

func TestSummaryEmptyRoundTrip(t *testing.T) {
	var out analysis.Fact
	roundTrip(t, &Summary{}, &out)
	require.NoError(t, out.(*Summary).parse())
	assert.Equal(t, &Summary{}, out)
}

func roundTrip(t *testing.T, in analysis.Fact, out *analysis.Fact) {
	t.Helper()
	gob.Register(in)
	var buf bytes.Buffer
	require.NoError(t, gob.NewEncoder(&buf).Encode(&in))
	require.NoError(t, gob.NewDecoder(&buf).Decode(out))
}

// A summary read back and written again, never imported, is written as it
// was read: the runner writes each package's facts with its dependencies'.
func TestSummaryRewrittenUnparsed(t *testing.T) {
	in := &Summary{Accesses: []Access{{Field: "example.com/p.FSM.state", Name: "f.state", Kind: Assign, Param: 0}}}
	var once, twice analysis.Fact
	roundTrip(t, in, &once)
	roundTrip(t, once, &twice)
	assert.Equal(t, "assigns f.state", twice.(*Summary).String())
	require.NoError(t, twice.(*Summary).parse())
	assert.Equal(t, in, twice)
}

func TestSummaryCorruptFact(t *testing.T) {
	s := &Summary{raw: []byte{0x80}}
	assert.Equal(t, "corrupt summary", s.String())
	assert.Error(t, s.parse())
}
