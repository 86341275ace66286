package lifecycle

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
)

// A summary read back through gob, as the runner and go vet do, equals the
// one written, every field set.
func TestFuncGobRoundTrip(t *testing.T) {
	in := &Func{Passthrough: []ParamFlow{{0, 1}}, Wrapped: []ParamFlow{{2, 0}, {1, 1}}}
	for i, bits := range in.bitSets() {
		*bits = 1<<63 | uint64(i+1)
	}
	assert.Equal(t, len(in.bitSets())+2, reflect.TypeFor[Func]().NumField(), "Func gained a field: encode it in codec.go")

	var out analysis.Fact
	gob.Register(in)
	var buf bytes.Buffer
	require.NoError(t, gob.NewEncoder(&buf).Encode(&[]analysis.Fact{in}[0]))
	require.NoError(t, gob.NewDecoder(&buf).Decode(&out))
	assert.Equal(t, in, out)
}

func TestFuncCorruptFact(t *testing.T) {
	var f Func
	assert.Error(t, f.GobDecode([]byte{0x80}))
}
