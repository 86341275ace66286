package driver

import (
	"encoding/json"
	"go/token"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf16"

	"golang.org/x/tools/go/analysis"
)

// The SARIF 2.1.0 subset that GitHub code scanning reads. Own structs
// rather than a library: the one well-kept Go SARIF library
// (owenrumney/go-sarif v3) brings a JSON-schema validator and a UUID
// module for what is here some thirty lines of types.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult            `json:"results"`
	ColumnKind         string                   `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name"`
	ShortDescription     sarifText     `json:"shortDescription"`
	FullDescription      sarifText     `json:"fullDescription"`
	Help                 sarifText     `json:"help"`
	HelpURI              string        `json:"helpUri,omitempty"`
	DefaultConfiguration sarifLevel    `json:"defaultConfiguration"`
	Properties           sarifRuleTags `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifLevel struct {
	Level string `json:"level"`
}

type sarifRuleTags struct {
	Tags      []string `json:"tags"`
	Precision string   `json:"precision"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	ID               *int          `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifText    `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// writeSARIF writes the findings as one SARIF run, with one rule per pass
// that ran and paths relative to root (the repository's top directory).
func writeSARIF(w io.Writer, analyzers []*analysis.Analyzer, fs []*Finding, fps []string, root, version string, src sources) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "leaklint",
			InformationURI: "https://github.com/leaklint/leaklint",
			Version:        version,
		}},
		OriginalURIBaseIDs: map[string]sarifArtifact{"%SRCROOT%": {URI: fileURI(root)}},
		Results:            []sarifResult{},
		ColumnKind:         "utf16CodeUnits",
	}
	index := map[string]int{}
	for i, a := range analyzers {
		index[a.Name] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, rule(a))
	}
	for i, f := range fs {
		res := sarifResult{
			RuleID:    f.Pass,
			RuleIndex: index[f.Pass],
			Level:     "warning",
			Message:   sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: physical(f.Pos, f.End, root, src)}},
			PartialFingerprints: map[string]string{
				// GitHub's own key: when present, the upload does not
				// compute one from the line alone.
				"primaryLocationLineHash": fps[i],
				"leaklint/v1":             fps[i],
			},
		}
		for j, r := range f.Related {
			id := j + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID:               &id,
				PhysicalLocation: physical(r.Pos, r.Pos, root, src),
				Message:          &sarifText{Text: r.Message},
			})
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// rule describes a pass from its Doc: the title line, the first
// paragraph, and the whole text as help.
func rule(a *analysis.Analyzer) sarifRule {
	title, body, _ := strings.Cut(a.Doc, "\n")
	body = strings.TrimSpace(body)
	first, _, _ := strings.Cut(body, "\n\n")
	if first == "" {
		first = title
	}
	return sarifRule{
		ID:                   a.Name,
		Name:                 a.Name,
		ShortDescription:     sarifText{Text: title},
		FullDescription:      sarifText{Text: strings.Join(strings.Fields(first), " ")},
		Help:                 sarifText{Text: a.Doc},
		HelpURI:              a.URL,
		DefaultConfiguration: sarifLevel{Level: "warning"},
		Properties:           sarifRuleTags{Tags: []string{"reliability", "resource-leak"}, Precision: "high"},
	}
}

// physical is a location relative to %SRCROOT%. Columns are counted in
// UTF-16 code units, as the run's columnKind says; Go counts bytes. A
// finding without an end ends with its line's code.
func physical(pos, end token.Position, root string, src sources) sarifPhysical {
	line := src.line(pos.Filename, pos.Line)
	region := sarifRegion{StartLine: pos.Line, StartColumn: utf16Col(line, pos.Column)}
	if end.IsValid() && end.Filename == pos.Filename && end.Offset > pos.Offset {
		region.EndLine, region.EndColumn = end.Line, utf16Col(src.line(end.Filename, end.Line), end.Column)
	} else {
		region.EndLine = pos.Line
		region.EndColumn = max(region.StartColumn, utf16Col(line, len(strings.TrimRight(line, " \t\r"))+1))
	}
	loc := sarifArtifactLocation{URI: relPath(root, pos.Filename), URIBaseID: "%SRCROOT%"}
	if strings.HasPrefix(loc.URI, "/") || filepath.IsAbs(loc.URI) {
		loc = sarifArtifactLocation{URI: strings.TrimSuffix(fileURI(pos.Filename), "/")} // outside the repository
	}
	return sarifPhysical{ArtifactLocation: loc, Region: region}
}

func fileURI(dir string) string {
	dir = strings.ReplaceAll(dir, "\\", "/")
	if !strings.HasPrefix(dir, "/") {
		dir = "/" + dir
	}
	return "file://" + dir + "/"
}

// utf16Col converts a 1-based byte column of line to UTF-16 code units.
func utf16Col(line string, col int) int {
	if col < 1 {
		return 1
	}
	if col-1 > len(line) {
		return col
	}
	return len(utf16.Encode([]rune(line[:col-1]))) + 1
}
