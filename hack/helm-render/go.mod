// Built in GOPATH mode against Debian's packaged Go libraries (see hack/testbed/helm.sh), never with
// module downloads. This file is still needed: only a package that sits in a module may import the
// /v3 paths of sprig and semver in GOPATH mode (Go's "minimal module compatibility").
module rotator/helm-render

go 1.19
