using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Operator.Controllers.Restarts;

namespace Rotator.Operator.Tests.Controllers;

public sealed class SecretReferencesTests
{
    [Fact]
    public void Finds_every_way_a_pod_reads_a_secret()
    {
        var spec = KubernetesJson.Deserialize<V1PodSpec>("""
        {
          "initContainers": [{ "name": "init", "envFrom": [{ "secretRef": { "name": "from-init" } }] }],
          "containers": [{
            "name": "app",
            "env": [
              { "name": "A", "valueFrom": { "secretKeyRef": { "name": "from-env", "key": "k" } } },
              { "name": "B", "valueFrom": { "configMapKeyRef": { "name": "not-a-secret", "key": "k" } } },
              { "name": "C", "value": "plain" }
            ],
            "envFrom": [{ "configMapRef": { "name": "cm" } }, { "secretRef": { "name": "from-envfrom" } }]
          }],
          "volumes": [
            { "name": "v1", "secret": { "secretName": "from-volume" } },
            { "name": "v2", "projected": { "sources": [{ "secret": { "name": "from-projected" } }, { "configMap": { "name": "cm2" } }] } },
            { "name": "v3", "emptyDir": {} }
          ]
        }
        """);

        SecretReferences.In(spec).Should().BeEquivalentTo(["from-init", "from-env", "from-envfrom", "from-volume", "from-projected"]);
    }

    [Fact]
    public void A_spec_without_lists_or_no_spec_references_nothing()
    {
        SecretReferences.In(KubernetesJson.Deserialize<V1PodSpec>("""{ "containers": [{ "name": "a" }] }""")).Should().BeEmpty();
        SecretReferences.In(null).Should().BeEmpty();
    }
}
