#!/usr/bin/env bash
# hack/publish.sh OUTPUT_DIR: the operator's one publish command. The Dockerfile's build stage runs it,
# and tests/Operator.Tests/Image runs the same build stage (its COPY and RUN lines) without a docker
# engine, so what the test starts read-only is what the image ships.
#
# Framework-dependent and portable (no runtime identifier): the chiseled ASP.NET base image carries
# the framework, so the layer holds only our assemblies, and one Dockerfile builds for any
# architecture. Not ReadyToRun: it needs the Crossgen2 and runtime packs for one runtime identifier,
# which the local package cache here does not hold (the publish would no longer work offline from
# what the solution's restore fetched), and it ties the image to one architecture; start-up is not on a hot path (a standby is already warm when it
# takes over). Not trimmed: trimming needs a self-contained app, which would ship a second copy of
# the framework the base image already has.
set -euo pipefail
out=${1:?usage: hack/publish.sh OUTPUT_DIR}
cd "$(dirname "$0")/.."
exec dotnet publish src/Operator/Operator.csproj -c Release -o "$out" --nologo
