using System.Runtime.CompilerServices;
using Rotator.Kubernetes;

namespace Rotator.Operator.Tests;

/// <summary>What the operator's process sets before its first Kubernetes call, set before any test runs.</summary>
internal static class TestModule
{
    [ModuleInitializer]
    internal static void Initialize() => LibraryJson.UseReflectionMetadata();
}
