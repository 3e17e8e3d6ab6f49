# syntax=docker/dockerfile:1
# Build: the SDK image runs hack/publish.sh (the one publish command; it says why framework-dependent,
# without ReadyToRun or trimming). tests/Operator.Tests/Image runs this stage's COPY and RUN lines
# without docker and starts the result read-only as the runtime stage would, so keep them plain.
# .editorconfig is part of the build: it sets analyzer severities, and warnings are errors.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY .editorconfig Directory.Build.props Directory.Packages.props global.json ./
COPY hack/publish.sh hack/
COPY src/ src/
RUN bash hack/publish.sh /app

# Run: a chiseled ASP.NET runtime image: no shell, no package manager, non-root. The operator writes
# no files; with a read-only root file system only /tmp needs to be writable (the chart mounts an
# emptyDir there), for the runtime's diagnostics socket (dotnet-counters / dotnet-trace).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
USER 64198
ENV ROTATOR_Listen=http://0.0.0.0:8080 \
    DOTNET_gcServer=0
EXPOSE 8080
ENTRYPOINT ["/app/rotator"]
