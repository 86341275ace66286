package factcodec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundTrip(t *testing.T) {
	var e Encoder
	e.Uint(300)
	e.Int(-2)
	e.Bool(true)
	e.String("example.com/p.FSM.mu")
	e.String("f.mu")
	e.String("example.com/p.FSM.mu")
	e.String("")
	d := NewDecoder(e.Bytes())
	assert.Equal(t, uint64(300), d.Uint())
	assert.Equal(t, -2, d.Int())
	assert.True(t, d.Bool())
	assert.Equal(t, "example.com/p.FSM.mu", d.String())
	assert.Equal(t, "f.mu", d.String())
	assert.Equal(t, "example.com/p.FSM.mu", d.String())
	assert.Equal(t, "", d.String())
	require.NoError(t, d.Err())
}

func TestRepeatedStringsWrittenOnce(t *testing.T) {
	var once, twice Encoder
	path := "github.com/example/store.Store.db"
	once.String(path)
	twice.String(path)
	twice.String(path)
	assert.Equal(t, len(once.Bytes())+1, len(twice.Bytes()))
}

func TestCorrupt(t *testing.T) {
	var e Encoder
	e.String("a long string")
	data := e.Bytes()
	for _, bad := range [][]byte{
		data[:len(data)-1],                    // string cut short
		{0, 200, 1},                           // a length beyond the data
		{5},                                   // a string index never written
		append(data[:len(data):len(data)], 7), // trailing bytes
		{0x80},                                // a varint cut short
	} {
		d := NewDecoder(bad)
		_ = d.String()
		assert.Error(t, d.Err(), "% x", bad)
	}
}
