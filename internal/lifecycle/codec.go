package lifecycle

import "github.com/leaklint/leaklint/internal/factcodec"

// GobEncode writes the summary with factcodec, without gob's reflection:
// every package reads back the summaries of all its dependencies.
func (f *Func) GobEncode() ([]byte, error) {
	var e factcodec.Encoder
	for _, bits := range f.bitSets() {
		e.Uint(*bits)
	}
	encodeFlows(&e, f.Passthrough)
	encodeFlows(&e, f.Wrapped)
	return e.Bytes(), nil
}

// GobDecode reads what GobEncode wrote.
func (f *Func) GobDecode(data []byte) error {
	d := factcodec.NewDecoder(data)
	for _, bits := range f.bitSets() {
		*bits = d.Uint()
	}
	f.Passthrough = decodeFlows(d)
	f.Wrapped = decodeFlows(d)
	return d.Err()
}

// bitSets are the summary's bit sets, in the order they are encoded.
func (f *Func) bitSets() []*uint64 {
	return []*uint64{&f.Fresh, &f.Kept, &f.Releases, &f.ReleasedFields, &f.Inert, &f.NeedsArg, &f.Lent, &f.PutBack, &f.Made, &f.KeptOnSuccess, &f.Acquired, &f.Active}
}

func encodeFlows(e *factcodec.Encoder, flows []ParamFlow) {
	e.Uint(uint64(len(flows)))
	for _, fl := range flows {
		e.Int(fl.Param)
		e.Int(fl.Result)
	}
}

// decodeFlows returns nil for no flows, as gob did.
func decodeFlows(d *factcodec.Decoder) []ParamFlow {
	n := d.Len()
	if n == 0 {
		return nil
	}
	flows := make([]ParamFlow, n)
	for i := range flows {
		flows[i] = ParamFlow{Param: d.Int(), Result: d.Int()}
	}
	return flows
}
