// krusty: many `kustomize build` runs in one process, through kustomize's own Go API
// (sigs.k8s.io/kustomize/api/krusty, the version the kustomize CLI in ../go.mod is built with), with
// the options `kustomize build DIR` uses when no flag is given: load restrictor rootOnly, plugins and
// helm off, the legacy sort order unless the kustomization sets sortOptions, the managed-by label only
// when KUSTOMIZE_ENABLE_MANAGEDBY_LABEL=on, the YAML encoding of ResMap.AsYaml.
//
// Requests on stdin, one a line: a kustomization path, or a JSON object {"dir": PATH, "cwd": DIR}
// (cwd: the folder a relative path is read from, as the CLI's working folder would be). One build at a
// time. Each answer on stdout is one frame:
//
//	krusty EXIT OUT_BYTES ERR_BYTES\n<OUT_BYTES of stdout><ERR_BYTES of stderr>
//
// with what `kustomize build PATH` would have written: the YAML on stdout and exit 0, or exit 1 and
// `Error: <message>` after any warnings on stderr. What the CLI would only show by crashing (a panic,
// log.Fatal, running out of memory) ends this process too: the caller then runs the CLI for that path.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"sigs.k8s.io/kustomize/api/konfig"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

type request struct {
	Dir string `json:"dir"`
	Cwd string `json:"cwd"`
}

// options are those of kustomize/v5 commands/build HonorKustomizeFlags with every flag at its default.
func options() *krusty.Options {
	opts := krusty.MakeDefaultOptions()
	opts.Reorder = krusty.ReorderOptionUnspecified
	opts.LoadRestrictions = types.LoadRestrictionsRootOnly
	opts.PluginConfig.HelmConfig.Enabled = false
	opts.PluginConfig.HelmConfig.Command = "helm"
	opts.PluginConfig.HelmConfig.ApiVersions = []string{}
	opts.PluginConfig.HelmConfig.KubeVersion = ""
	opts.PluginConfig.HelmConfig.Debug = false
	value, set := os.LookupEnv(konfig.EnableManagedbyLabelEnv)
	opts.AddManagedbyLabel = set && value == "on"
	return opts
}

// capture runs fn with os.Stdout, os.Stderr and the log package writing into pipes, and returns what
// each received (stray writes to stdout come before the YAML, as they would on the CLI's stdout).
func capture(fn func() ([]byte, error)) (out []byte, errText []byte, err error) {
	outR, outW, pipeErr := os.Pipe()
	if pipeErr != nil {
		return nil, nil, pipeErr
	}
	errR, errW, pipeErr := os.Pipe()
	if pipeErr != nil {
		return nil, nil, pipeErr
	}
	var outBuf, errBuf bytes.Buffer
	done := make(chan struct{}, 2)
	go func() { io.Copy(&outBuf, outR); outR.Close(); done <- struct{}{} }()
	go func() { io.Copy(&errBuf, errR); errR.Close(); done <- struct{}{} }()
	savedOut, savedErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = outW, errW
	log.SetOutput(errW)
	yml, runErr := fn()
	os.Stdout, os.Stderr = savedOut, savedErr
	log.SetOutput(savedErr)
	outW.Close()
	errW.Close()
	<-done
	<-done
	return append(outBuf.Bytes(), yml...), errBuf.Bytes(), runErr
}

func build(fSys filesys.FileSystem, path string) ([]byte, error) {
	m, err := krusty.MakeKustomizer(options()).Run(fSys, path)
	if err != nil {
		return nil, err
	}
	return m.AsYaml()
}

func main() {
	fSys := filesys.MakeFsOnDisk()
	stdout := bufio.NewWriterSize(os.Stdout, 1<<20)
	lines := bufio.NewScanner(os.Stdin)
	lines.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for lines.Scan() {
		line := strings.TrimSpace(lines.Text())
		if line == "" {
			continue
		}
		req := request{Dir: line}
		if strings.HasPrefix(line, "{") {
			req = request{}
			if err := json.Unmarshal([]byte(line), &req); err != nil {
				fmt.Fprintf(os.Stderr, "krusty: a request line is not JSON: %v\n", err)
				os.Exit(2)
			}
		}
		if req.Cwd != "" {
			if err := os.Chdir(req.Cwd); err != nil {
				fmt.Fprintf(os.Stderr, "krusty: cannot enter %s: %v\n", req.Cwd, err)
				os.Exit(2)
			}
		}
		if req.Dir == "" {
			req.Dir = filesys.SelfDir
		}
		out, errText, err := capture(func() ([]byte, error) { return build(fSys, req.Dir) })
		exit := 0
		if err != nil {
			// cobra's Execute: PrintErrln(ErrPrefix(), err.Error()); the build command silences usage.
			exit = 1
			errText = append(errText, []byte(fmt.Sprintln("Error:", err.Error()))...)
		}
		fmt.Fprintf(stdout, "krusty %d %d %d\n", exit, len(out), len(errText))
		stdout.Write(out)
		stdout.Write(errText)
		if err := stdout.Flush(); err != nil {
			os.Exit(2)
		}
	}
}
