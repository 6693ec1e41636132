// Command dashboard-validator checks Grafana dashboard JSON files with the Grafana foundation
// SDK's own model: a strict unmarshal (unknown fields, wrong types and missing required fields
// fail, panel options and queries included, through the SDK's registered panel and query
// plugins) followed by the SDK's Validate(). The npm package of the SDK ships no JSON schema;
// its Go module carries the same generated model as code, so this is the schema check.
//
// Usage: dashboard-validator file.json [file.json ...]; exit 0 when every file is valid.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: dashboard-validator file.json [file.json ...]")
		os.Exit(2)
	}
	plugins.RegisterDefaultPlugins()
	failed := false
	for _, path := range os.Args[1:] {
		if err := validate(path); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			failed = true
			continue
		}
		fmt.Printf("%s: valid\n", path)
	}
	if failed {
		os.Exit(1)
	}
}

func validate(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var model dashboard.Dashboard
	if err := orNil(model.UnmarshalJSONStrict(raw)); err != nil {
		return fmt.Errorf("strict unmarshal: %w", err)
	}
	if err := orNil(model.Validate()); err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	return nil
}

// orNil works around the generated code returning an empty cog.BuildErrors (a nil slice in a
// non-nil error interface) when there is no error, in SDK v0.0.22.
func orNil(err error) error {
	var buildErrs cog.BuildErrors
	if errors.As(err, &buildErrs) && len(buildErrs) == 0 {
		return nil
	}
	return err
}
