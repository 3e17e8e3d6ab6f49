using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Controllers.Tenancy;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Tests.Controllers.RotatingSecrets;

/// <summary>
/// A strategy can find secret ids the spec never named (alternating users follows the secret's
/// <c>masterarn</c>); the guard must refuse those for namespace <c>shop</c> before a request leaves the process.
/// </summary>
public sealed class TenancyGuardedSecretsManagerTests
{
    private const string Allowed = "shop/orders-db";

    private const string OtherTenant = "billing/db-admin";

    private const string OtherTenantArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-admin-AbCdEf";

    private readonly RecordingSecretsManager aws = new();

    private readonly TenancyGuardedSecretsManager guard;

    public TenancyGuardedSecretsManagerTests()
    {
        var policy = new TenancyPolicy();
        guard = new TenancyGuardedSecretsManager(aws, id => policy.Allows(Specimens.Namespace, id), Specimens.Namespace);
    }

    /// <summary>Every operation that names a secret, by the name the tests use for it.</summary>
    public static TheoryData<string> SecretOperations => [.. Operations.Keys];

    private static Dictionary<string, Func<ISecretsManager, string, Task>> Operations => new()
    {
        ["GetSecretValue"] = (sm, id) => sm.GetSecretValueAsync(id, SecretVersionSelector.Current, CancellationToken.None),
        ["DescribeSecret"] = (sm, id) => sm.DescribeSecretAsync(id, CancellationToken.None),
        ["ListSecretVersionIds"] = (sm, id) => sm.ListSecretVersionIdsAsync(new SecretVersionsQuery(id), CancellationToken.None),
        ["PutSecretValue"] = (sm, id) => sm.PutSecretValueAsync(id, SecretPayload.FromString("{}"), ["AWSPENDING"], new string('a', 36), CancellationToken.None),
        ["UpdateSecretVersionStage"] = (sm, id) => sm.UpdateSecretVersionStageAsync(id, "AWSCURRENT", "v2", "v1", CancellationToken.None),
        ["RotateSecret"] = (sm, id) => sm.RotateSecretAsync(id, new RotateSecretOptions { RotateImmediately = true }, CancellationToken.None),
        ["BatchGetSecretValue"] = (sm, id) => sm.BatchGetSecretValueAsync([id], CancellationToken.None),
    };

    [Theory]
    [MemberData(nameof(SecretOperations))]
    public async Task An_allowed_secret_passes_through(string operation)
    {
        await Operations[operation](guard, Allowed);

        aws.Calls.Should().Equal($"{operation} {Allowed}");
    }

    [Theory]
    [MemberData(nameof(SecretOperations))]
    public async Task Another_tenants_secret_is_refused_before_any_call(string operation)
    {
        var call = () => Operations[operation](guard, OtherTenant);

        var refused = (await call.Should().ThrowAsync<RotationRefusedException>()).Which;
        refused.Reason.Should().Be(StatusReasons.NotAllowed);
        refused.Message.Should().Contain($"'{OtherTenant}'").And.Contain("namespace shop");
        aws.Calls.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(SecretOperations))]
    public async Task Another_tenants_secret_named_by_arn_is_refused_too(string operation)
    {
        var call = () => Operations[operation](guard, OtherTenantArn);

        await call.Should().ThrowAsync<RotationRefusedException>();
        aws.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_batch_with_one_foreign_secret_is_refused_whole()
    {
        var call = () => guard.BatchGetSecretValueAsync([Allowed, "shop/other", OtherTenant], CancellationToken.None);

        await call.Should().ThrowAsync<RotationRefusedException>();
        aws.Calls.Should().BeEmpty("reading the allowed ones first would still have sent a request");
    }

    [Fact]
    public async Task Listing_creating_and_deleting_are_never_done_for_a_resource_even_within_its_namespace()
    {
        var list = () => guard.ListSecretsAsync(new ListSecretsQuery(), CancellationToken.None);
        var create = () => guard.CreateSecretAsync(new CreateSecretOptions(Allowed), CancellationToken.None);
        var delete = () => guard.DeleteSecretAsync(Allowed, SecretDeletion.Immediately, CancellationToken.None);

        (await list.Should().ThrowAsync<RotationRefusedException>()).Which.Reason.Should().Be(StatusReasons.NotAllowed);
        (await create.Should().ThrowAsync<RotationRefusedException>()).Which.Reason.Should().Be(StatusReasons.NotAllowed);
        (await delete.Should().ThrowAsync<RotationRefusedException>()).Which.Reason.Should().Be(StatusReasons.NotAllowed);
        aws.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_random_password_names_no_secret_and_passes_through()
    {
        await guard.GetRandomPasswordAsync(new RandomPasswordOptions { PasswordLength = 32 }, CancellationToken.None);

        aws.Calls.Should().Equal("GetRandomPassword ");
    }
}
