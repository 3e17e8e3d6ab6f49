// Command helm-render renders a Helm chart the way `helm template` does, on machines without a helm
// binary: Go text/template with the Sprig v3 functions, plus the parts of Helm the Rotator chart
// relies on (include, tpl, required, toYaml/fromYaml, toJson/fromJson, .Release, .Chart,
// .Capabilities, .Files, values.yaml merged with -f files and --set overrides, values.schema.json
// validation, the chart's kubeVersion constraint, Helm's install order). It is written for our chart
// and our tests, not as a replacement for Helm: no subcharts, no hooks, no lookup against a cluster.
//
// Build (GOPATH mode, Debian's packaged libraries):
//
//	GO111MODULE=off GOPATH=$dir:/usr/share/gocode go build -o helm-render ./hack/helm-render
//
// Use:
//
//	helm-render [flags] CHART_DIR > manifests.yaml
//
// Exit codes: 0 rendered; 1 the chart or values are invalid (reason on stderr); 2 bad flags.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/semver/v3"
	"github.com/Masterminds/sprig/v3"
	"github.com/xeipuuv/gojsonschema"
	"sigs.k8s.io/yaml"
)

// multiFlag collects a repeatable flag in order (later ones win, as with helm).
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// override is one --set / --set-string / --set-json argument, kept in command-line order.
type override struct {
	kind  string // "set", "set-string" or "set-json"
	value string
}

type overrideFlag struct {
	kind string
	all  *[]override
}

func (o overrideFlag) String() string     { return "" }
func (o overrideFlag) Set(v string) error { *o.all = append(*o.all, override{o.kind, v}); return nil }

func main() {
	var (
		valueFiles  multiFlag
		apiVersions multiFlag
		overrides   []override
	)
	releaseName := flag.String("release-name", "rotator", "release name (.Release.Name)")
	namespace := flag.String("namespace", "default", "release namespace (.Release.Namespace)")
	kubeVersion := flag.String("kube-version", "v1.30.0", "Kubernetes version for .Capabilities and the chart's kubeVersion constraint")
	includeCrds := flag.Bool("include-crds", false, "emit the files under crds/ before the templates, as helm template --include-crds does")
	isUpgrade := flag.Bool("is-upgrade", false, "render as an upgrade (.Release.IsUpgrade)")
	output := flag.String("output", "yaml", "yaml: manifests as helm template prints them; json: a JSON array of {source, object}, converted as the API server converts YAML")
	flag.Var(&valueFiles, "f", "values file (repeatable; later files win)")
	flag.Var(&valueFiles, "values", "same as -f")
	flag.Var(overrideFlag{"set", &overrides}, "set", "key=value[,key=value] with type inference (repeatable)")
	flag.Var(overrideFlag{"set-string", &overrides}, "set-string", "key=value[,key=value], always strings (repeatable)")
	flag.Var(overrideFlag{"set-json", &overrides}, "set-json", "key=JSON (repeatable)")
	flag.Var(&apiVersions, "api-versions", "extra API versions for .Capabilities.APIVersions, group/version or group/version/Kind (repeatable)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: helm-render [flags] CHART_DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}

	out, err := render(options{
		chartDir:    flag.Arg(0),
		releaseName: *releaseName,
		namespace:   *namespace,
		kubeVersion: *kubeVersion,
		includeCrds: *includeCrds,
		isUpgrade:   *isUpgrade,
		valueFiles:  valueFiles,
		overrides:   overrides,
		apiVersions: apiVersions,
		json:        *output == "json",
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error: %v\n", err)
		os.Exit(1)
	}
	os.Stdout.WriteString(out)
}

type options struct {
	chartDir, releaseName, namespace, kubeVersion string
	includeCrds, isUpgrade, json                  bool
	valueFiles                                    []string
	overrides                                     []override
	apiVersions                                   []string
}

// chartMeta is Chart.yaml as templates see it (.Chart.Name, .Chart.AppVersion, ...).
type chartMeta struct {
	APIVersion   string            `json:"apiVersion"`
	Name         string            `json:"name"`
	Version      string            `json:"version"`
	AppVersion   string            `json:"appVersion"`
	Description  string            `json:"description"`
	KubeVersion  string            `json:"kubeVersion"`
	Type         string            `json:"type"`
	Home         string            `json:"home"`
	Icon         string            `json:"icon"`
	Sources      []string          `json:"sources"`
	Keywords     []string          `json:"keywords"`
	Maintainers  []map[string]any  `json:"maintainers"`
	Annotations  map[string]string `json:"annotations"`
	Dependencies []map[string]any  `json:"dependencies"`
}

func render(o options) (string, error) {
	chartDir, err := filepath.Abs(o.chartDir)
	if err != nil {
		return "", err
	}
	var chart chartMeta
	if err := readYAML(filepath.Join(chartDir, "Chart.yaml"), &chart); err != nil {
		return "", err
	}
	if chart.Name == "" || chart.Version == "" {
		return "", errors.New("Chart.yaml: name and version are required")
	}
	if len(chart.Dependencies) > 0 {
		return "", errors.New("Chart.yaml: dependencies (subcharts) are not supported by helm-render")
	}

	caps, err := capabilities(o.kubeVersion, o.apiVersions)
	if err != nil {
		return "", err
	}
	if chart.KubeVersion != "" {
		// Helm refuses to render a chart whose kubeVersion constraint the cluster does not meet.
		constraint, err := semver.NewConstraint(chart.KubeVersion)
		if err != nil {
			return "", fmt.Errorf("Chart.yaml: kubeVersion %q is not a valid constraint: %v", chart.KubeVersion, err)
		}
		if !constraint.Check(caps.KubeVersion.version) {
			return "", fmt.Errorf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", chart.KubeVersion, caps.KubeVersion.Version)
		}
	}

	values, err := mergedValues(chartDir, o.valueFiles, o.overrides)
	if err != nil {
		return "", err
	}
	if err := validateSchema(chartDir, chart.Name, values); err != nil {
		return "", err
	}

	files, err := loadFiles(chartDir)
	if err != nil {
		return "", err
	}
	templates, err := loadTemplates(chartDir, chart.Name)
	if err != nil {
		return "", err
	}

	top := map[string]any{
		"Values": values,
		"Chart":  chart,
		"Release": map[string]any{
			"Name":      o.releaseName,
			"Namespace": o.namespace,
			"Service":   "Helm",
			"IsInstall": !o.isUpgrade,
			"IsUpgrade": o.isUpgrade,
			"Revision":  1,
		},
		"Capabilities": caps,
		"Files":        files,
		"Template":     map[string]any{"BasePath": chart.Name + "/templates"},
	}

	docs, err := execute(templates, top)
	if err != nil {
		return "", err
	}
	if o.includeCrds {
		crds, err := readCrds(chartDir, chart.Name)
		if err != nil {
			return "", err
		}
		docs = append(crds, docs...)
	}
	if o.json {
		return toJSON(docs)
	}
	var b strings.Builder
	for _, d := range docs {
		fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", d.source, d.body)
	}
	return b.String(), nil
}

// toJSON is the machine-readable output for tests: each manifest as the API server would read it.
func toJSON(docs []rendered) (string, error) {
	type entry struct {
		Source string          `json:"source"`
		Object json.RawMessage `json:"object"`
	}
	entries := make([]entry, 0, len(docs))
	for _, d := range docs {
		obj, err := yaml.YAMLToJSON([]byte(d.body))
		if err != nil {
			return "", fmt.Errorf("%s: %v", d.source, err)
		}
		entries = append(entries, entry{d.source, obj})
	}
	data, err := json.MarshalIndent(entries, "", "  ")
	return string(data) + "\n", err
}

func readYAML(file string, into any) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		return fmt.Errorf("%s: %v", file, err)
	}
	return nil
}

// ---- .Capabilities ----

type kubeVersionInfo struct {
	Version, Major, Minor, GitVersion string
	version                           *semver.Version
}

func (k kubeVersionInfo) String() string { return k.Version }

// apiVersionSet answers .Capabilities.APIVersions.Has "group/version" or "group/version/Kind".
type apiVersionSet []string

func (s apiVersionSet) Has(v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

type caps struct {
	KubeVersion kubeVersionInfo
	APIVersions apiVersionSet
}

// The built-in API groups a cluster of the given version serves. policy/v1 (PodDisruptionBudget)
// arrived in 1.21; charts that support older clusters pick policy/v1beta1 there.
func capabilities(kubeVersion string, extra []string) (caps, error) {
	v, err := semver.NewVersion(kubeVersion)
	if err != nil {
		return caps{}, fmt.Errorf("--kube-version %q: %v", kubeVersion, err)
	}
	set := apiVersionSet{
		"v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2beta2",
		"rbac.authorization.k8s.io/v1", "apiextensions.k8s.io/v1", "coordination.k8s.io/v1",
		"networking.k8s.io/v1", "scheduling.k8s.io/v1", "storage.k8s.io/v1", "events.k8s.io/v1",
		"admissionregistration.k8s.io/v1", "policy/v1beta1",
	}
	if v.Minor() >= 21 || v.Major() > 1 {
		set = append(set, "policy/v1", "policy/v1/PodDisruptionBudget")
	}
	set = append(set, extra...)
	return caps{
		KubeVersion: kubeVersionInfo{
			Version:    "v" + v.String(),
			Major:      strconv.FormatUint(v.Major(), 10),
			Minor:      strconv.FormatUint(v.Minor(), 10),
			GitVersion: "v" + v.String(),
			version:    v,
		},
		APIVersions: set,
	}, nil
}

// ---- values ----

func mergedValues(chartDir string, valueFiles []string, overrides []override) (map[string]any, error) {
	values := map[string]any{}
	if err := readYAML(filepath.Join(chartDir, "values.yaml"), &values); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, f := range valueFiles {
		layer := map[string]any{}
		if err := readYAML(f, &layer); err != nil {
			return nil, err
		}
		values = coalesce(values, layer)
	}
	for _, o := range overrides {
		layer := map[string]any{}
		if err := parseSet(o, layer); err != nil {
			return nil, fmt.Errorf("--%s %q: %v", o.kind, o.value, err)
		}
		values = coalesce(values, layer)
	}
	return values, nil
}

// coalesce merges override into base: maps merge key by key, anything else is replaced, and a
// null in the override deletes the key (Helm's way to unset a default).
func coalesce(base, override map[string]any) map[string]any {
	out := make(map[string]any, len(base))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range override {
		if v == nil {
			delete(out, k)
			continue
		}
		bm, bok := out[k].(map[string]any)
		om, ook := v.(map[string]any)
		if bok && ook {
			out[k] = coalesce(bm, om)
		} else {
			out[k] = v
		}
	}
	return out
}

// parseSet applies one --set style argument: comma-separated key=value pairs, dotted keys with
// `\.` for a literal dot (annotation names), name[N] list indexes, {a,b} lists, `\,` for a literal
// comma. --set infers null, booleans and integers; --set-string keeps strings; --set-json parses JSON.
func parseSet(o override, into map[string]any) error {
	pairs := []string{o.value}
	if o.kind != "set-json" {
		pairs = splitUnescaped(o.value, ',', true)
	}
	for _, pair := range pairs {
		eq := strings.IndexByte(pair, '=')
		if eq <= 0 {
			return fmt.Errorf("key %q has no value", pair)
		}
		key, raw := pair[:eq], pair[eq+1:]
		var value any
		switch {
		case o.kind == "set-json":
			if err := json.Unmarshal([]byte(raw), &value); err != nil {
				return err
			}
		case strings.HasPrefix(raw, "{") && strings.HasSuffix(raw, "}"):
			list := []any{}
			for _, item := range splitUnescaped(raw[1:len(raw)-1], ',', false) {
				list = append(list, typed(o.kind, unescape(item)))
			}
			value = list
		default:
			value = typed(o.kind, unescape(raw))
		}
		if err := setPath(into, splitUnescaped(key, '.', false), value); err != nil {
			return err
		}
	}
	return nil
}

// splitUnescaped splits on sep outside backslash escapes; with braces, commas inside {...} stay.
func splitUnescaped(s string, sep byte, braces bool) []string {
	var parts []string
	var cur strings.Builder
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			if s[i+1] == sep {
				cur.WriteByte(sep)
			} else {
				cur.WriteByte(c)
				cur.WriteByte(s[i+1])
			}
			i++
		case braces && c == '{':
			depth++
			cur.WriteByte(c)
		case braces && c == '}':
			depth--
			cur.WriteByte(c)
		case c == sep && depth == 0:
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, cur.String())
}

func unescape(s string) string { return strings.ReplaceAll(s, `\,`, ",") }

var intPattern = regexp.MustCompile(`^[-+]?(0|[1-9][0-9]*)$`)

func typed(kind, s string) any {
	if kind == "set-string" {
		return s
	}
	switch {
	case s == "null":
		return nil
	case s == "true":
		return true
	case s == "false":
		return false
	case intPattern.MatchString(s):
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	}
	return s
}

var indexed = regexp.MustCompile(`^(.+)\[([0-9]+)\]$`)

func setPath(into map[string]any, keys []string, value any) error {
	key := keys[0]
	if m := indexed.FindStringSubmatch(key); m != nil {
		n, _ := strconv.Atoi(m[2])
		list, _ := into[m[1]].([]any)
		for len(list) <= n {
			list = append(list, nil)
		}
		if len(keys) == 1 {
			list[n] = value
		} else {
			child, _ := list[n].(map[string]any)
			if child == nil {
				child = map[string]any{}
			}
			if err := setPath(child, keys[1:], value); err != nil {
				return err
			}
			list[n] = child
		}
		into[m[1]] = list
		return nil
	}
	if len(keys) == 1 {
		into[key] = value
		return nil
	}
	child, ok := into[key].(map[string]any)
	if !ok {
		child = map[string]any{}
		into[key] = child
	}
	return setPath(child, keys[1:], value)
}

// validateSchema checks the merged values against values.schema.json, as helm install does before
// rendering, so a wrong type or an unknown option fails the install rather than the operator.
func validateSchema(chartDir, chartName string, values map[string]any) error {
	schema, err := os.ReadFile(filepath.Join(chartDir, "values.schema.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	result, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewGoLoader(values))
	if err != nil {
		return fmt.Errorf("values.schema.json: %v", err)
	}
	if result.Valid() {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "values don't meet the specifications of the schema(s) in the following chart(s):\n%s:\n", chartName)
	for _, e := range result.Errors() {
		fmt.Fprintf(&b, "- %s\n", e.String())
	}
	return errors.New(strings.TrimSuffix(b.String(), "\n"))
}

// ---- .Files ----

// files is .Files: every chart file outside templates/ and the chart's own metadata, by slash path.
type files map[string][]byte

func (f files) Get(name string) string      { return string(f[name]) }
func (f files) GetBytes(name string) []byte { return f[name] }

func (f files) Lines(name string) []string {
	if f[name] == nil {
		return []string{}
	}
	return strings.Split(strings.TrimSuffix(string(f[name]), "\n"), "\n")
}

func (f files) Glob(pattern string) files {
	out := files{}
	for name, data := range f {
		if ok, _ := path.Match(pattern, name); ok {
			out[name] = data
		}
	}
	return out
}

func loadFiles(chartDir string) (files, error) {
	out := files{}
	err := filepath.WalkDir(chartDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(chartDir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case strings.HasPrefix(rel, "templates/"), rel == "Chart.yaml", rel == "values.yaml", rel == "values.schema.json", rel == ".helmignore":
			return nil
		}
		data, err := os.ReadFile(p)
		out[rel] = data
		return err
	})
	return out, err
}

// ---- templates ----

type source struct{ name, text string }

func loadTemplates(chartDir, chartName string) ([]source, error) {
	var out []source
	root := filepath.Join(chartDir, "templates")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(chartDir, p)
		data, err := os.ReadFile(p)
		out = append(out, source{chartName + "/" + filepath.ToSlash(rel), string(data)})
		return err
	})
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, err
}

// rendered is one manifest of the output.
type rendered struct {
	source, kind, name, body string
}

// newTemplateSet parses every template into one set, so any file can include a define from any
// other (Helm's _helpers.tpl). The functions are Sprig's without env/expandenv (Helm removes them:
// a chart must not read the installer's environment) plus Helm's own.
func newTemplateSet(sources []source, extra ...source) (*template.Template, error) {
	t := template.New("").Option("missingkey=zero")
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	for name, fn := range helmFuncs(t, sources) {
		funcs[name] = fn
	}
	t.Funcs(funcs)
	for _, s := range append(append([]source{}, sources...), extra...) {
		if _, err := t.New(s.name).Parse(s.text); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func helmFuncs(t *template.Template, sources []source) template.FuncMap {
	return template.FuncMap{
		"include": func(name string, data any) (string, error) {
			var b bytes.Buffer
			err := t.ExecuteTemplate(&b, name, data)
			return b.String(), err
		},
		// tpl renders a string as a template with every define of the chart in scope. A fresh set
		// each time: text/template cannot add to a set that has started executing.
		"tpl": func(text string, data any) (string, error) {
			set, err := newTemplateSet(sources, source{"tpl", text})
			if err != nil {
				return "", err
			}
			var b bytes.Buffer
			if err := set.ExecuteTemplate(&b, "tpl", data); err != nil {
				return "", err
			}
			return strings.ReplaceAll(b.String(), "<no value>", ""), nil
		},
		"required": func(message string, v any) (any, error) {
			if v == nil {
				return nil, errors.New(message)
			}
			if s, ok := v.(string); ok && s == "" {
				return nil, errors.New(message)
			}
			return v, nil
		},
		"toYaml": func(v any) string {
			data, err := yaml.Marshal(v)
			if err != nil {
				return ""
			}
			return strings.TrimSuffix(string(data), "\n")
		},
		"fromYaml": func(s string) map[string]any {
			m := map[string]any{}
			if err := yaml.Unmarshal([]byte(s), &m); err != nil {
				m["Error"] = err.Error()
			}
			return m
		},
		"fromYamlArray": func(s string) []any {
			var a []any
			if err := yaml.Unmarshal([]byte(s), &a); err != nil {
				return []any{err.Error()}
			}
			return a
		},
		"toJson": func(v any) string {
			data, err := json.Marshal(v)
			if err != nil {
				return ""
			}
			return string(data)
		},
		"fromJson": func(s string) map[string]any {
			m := map[string]any{}
			if err := json.Unmarshal([]byte(s), &m); err != nil {
				m["Error"] = err.Error()
			}
			return m
		},
		// Without a cluster, lookup finds nothing, as under helm template.
		"lookup": func(apiVersion, kind, namespace, name string) map[string]any { return map[string]any{} },
	}
}

func execute(sources []source, top map[string]any) ([]rendered, error) {
	t, err := newTemplateSet(sources)
	if err != nil {
		return nil, err
	}
	var out []rendered
	for _, s := range sources {
		base := path.Base(s.name)
		// Partials (_helpers.tpl) only define; NOTES.txt is shown after an install, not applied.
		if strings.HasPrefix(base, "_") || base == "NOTES.txt" {
			continue
		}
		var b bytes.Buffer
		if err := t.ExecuteTemplate(&b, s.name, top); err != nil {
			return nil, err
		}
		text := strings.ReplaceAll(b.String(), "<no value>", "")
		for _, doc := range splitManifests(text) {
			var head struct {
				Kind     string `json:"kind"`
				Metadata struct {
					Name string `json:"name"`
				} `json:"metadata"`
			}
			if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
				return nil, fmt.Errorf("YAML parse error on %s: %v\n%s", s.name, err, doc)
			}
			if head.Kind == "" {
				return nil, fmt.Errorf("%s: a manifest has no kind:\n%s", s.name, doc)
			}
			out = append(out, rendered{s.name, head.Kind, head.Metadata.Name, doc})
		}
	}
	// Helm applies (and helm template prints) manifests in install order: what others depend on first.
	sort.SliceStable(out, func(i, j int) bool { return kindRank(out[i].kind) < kindRank(out[j].kind) })
	return out, nil
}

var separator = regexp.MustCompile(`(?m)^---[ \t]*$`)

// splitManifests cuts a template's output into documents and drops the empty ones (a disabled
// feature renders nothing).
func splitManifests(text string) []string {
	var docs []string
	for _, part := range separator.Split(text, -1) {
		doc := strings.TrimSpace(part)
		meaningful := false
		for _, line := range strings.Split(doc, "\n") {
			if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") {
				meaningful = true
				break
			}
		}
		if meaningful {
			docs = append(docs, doc)
		}
	}
	return docs
}

var installOrder = []string{
	"Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget",
	"ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume",
	"PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList",
	"ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList",
	"Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
	"HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
}

func kindRank(kind string) int {
	for i, k := range installOrder {
		if k == kind {
			return i
		}
	}
	return len(installOrder) // custom resources (ServiceMonitor, PrometheusRule) last
}

// readCrds returns crds/ verbatim: Helm never templates them.
func readCrds(chartDir, chartName string) ([]rendered, error) {
	var out []rendered
	entries, err := os.ReadDir(filepath.Join(chartDir, "crds"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml") || strings.HasSuffix(e.Name(), ".json")) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(chartDir, "crds", e.Name()))
		if err != nil {
			return nil, err
		}
		for _, doc := range splitManifests(string(data)) {
			out = append(out, rendered{source: chartName + "/crds/" + e.Name(), kind: "CustomResourceDefinition", body: doc})
		}
	}
	return out, nil
}
