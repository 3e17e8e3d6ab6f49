using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.KubectlPlugin;

namespace Rotator.Operator.Tests.KubectlPlugin;

public sealed class YamlWriterTests
{
    [Fact]
    public void Writes_block_yaml_and_quotes_what_a_reader_would_misread()
    {
        var node = JsonNode.Parse("""
            {"name":"orders","ready":"True","count":3,"empty":{},"none":null,"note":"a: b","lines":"x\ny",
             "items":[{"type":"Ready","status":"False"},"plain",["nested"]]}
            """);

        YamlWriter.Write(node).Should().Be("""
            name: orders
            ready: "True"
            count: 3
            empty: {}
            none: null
            note: "a: b"
            lines: "x\ny"
            items:
            - type: Ready
              status: "False"
            - plain
            - - nested

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
