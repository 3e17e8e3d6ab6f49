# syntax=docker/dockerfile:1
# Build: the SDK image restores and publishes the operator (framework-dependent, ReadyToRun off
# until measured). Run: a chiseled ASP.NET runtime image, non-root, no shell.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props global.json ./
COPY src/ src/
RUN dotnet publish src/Operator/Operator.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
USER 64198
ENV ROTATOR_Listen=http://0.0.0.0:8080 \
    DOTNET_gcServer=0
EXPOSE 8080
ENTRYPOINT ["/app/rotator"]
