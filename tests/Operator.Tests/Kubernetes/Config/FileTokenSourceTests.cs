using FluentAssertions;
using Rotator.Operator.Kubernetes.Config;

namespace Rotator.Operator.Tests.Kubernetes.Config;

public sealed class FileTokenSourceTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ManualTimeProvider time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Rereads_the_file_once_a_minute()
    {
        var path = temp.Write("token", "first\n");
        var source = new FileTokenSource(path, time);
        (await source.GetTokenAsync(Ct)).Should().Be("first");

        File.WriteAllText(path, "second");
        time.Advance(TimeSpan.FromSeconds(59));
        (await source.GetTokenAsync(Ct)).Should().Be("first");

        time.Advance(TimeSpan.FromSeconds(1));
        (await source.GetTokenAsync(Ct)).Should().Be("second");
    }

    [Fact]
    public async Task Invalidate_rereads_at_once()
    {
        var path = temp.Write("token", "first");
        var source = new FileTokenSource(path, time);
        (await source.GetTokenAsync(Ct)).Should().Be("first");

        File.WriteAllText(path, "second");
        source.Invalidate();

        (await source.GetTokenAsync(Ct)).Should().Be("second");
    }

    [Fact]
    public async Task Missing_or_empty_file_is_named()
    {
        var missing = Path.Combine(temp.Path, "missing");
        var empty = temp.Write("empty", " \n");

        await new FileTokenSource(missing, time).Invoking(s => s.GetTokenAsync(Ct).AsTask())
            .Should().ThrowAsync<KubernetesConfigurationException>().WithMessage($"token file {missing} cannot be read: *");
        await new FileTokenSource(empty, time).Invoking(s => s.GetTokenAsync(Ct).AsTask())
            .Should().ThrowAsync<KubernetesConfigurationException>().WithMessage($"token file {empty} is empty");
    }

    [Fact]
    public async Task ToString_names_the_file_not_the_token()
    {
        var path = temp.Write("token", "secret-value");
        var source = new FileTokenSource(path, time);
        await source.GetTokenAsync(Ct);

        source.ToString().Should().Be($"token file {path}");
    }
}
