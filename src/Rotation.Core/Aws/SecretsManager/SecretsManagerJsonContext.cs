using System.Text.Json.Serialization;
using Rotator.Rotation.Aws.SecretsManager.Wire;

namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>
/// Source-generated JSON for Secrets Manager's requests and responses. Names are the wire's
/// (PascalCase; reading ignores case, so <c>ARN</c> fills <c>Arn</c>); nulls are left out of requests;
/// timestamps are epoch seconds.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(GetSecretValueRequest))]
[JsonSerializable(typeof(SecretValue))]
[JsonSerializable(typeof(BatchGetSecretValueRequest))]
[JsonSerializable(typeof(BatchGetSecretValueResponse))]
[JsonSerializable(typeof(SecretIdRequest))]
[JsonSerializable(typeof(SecretDescription))]
[JsonSerializable(typeof(ListSecretsRequest))]
[JsonSerializable(typeof(SecretListPage))]
[JsonSerializable(typeof(ListSecretVersionIdsRequest))]
[JsonSerializable(typeof(SecretVersionPage))]
[JsonSerializable(typeof(PutSecretValueRequest))]
[JsonSerializable(typeof(PutSecretValueResult))]
[JsonSerializable(typeof(UpdateSecretVersionStageRequest))]
[JsonSerializable(typeof(SecretReference))]
[JsonSerializable(typeof(RandomPasswordOptions))]
[JsonSerializable(typeof(GetRandomPasswordResponse))]
[JsonSerializable(typeof(RotateSecretRequest))]
[JsonSerializable(typeof(SecretVersionReference))]
[JsonSerializable(typeof(CreateSecretRequest))]
[JsonSerializable(typeof(DeleteSecretRequest))]
[JsonSerializable(typeof(DeletedSecret))]
internal sealed partial class SecretsManagerJsonContext : JsonSerializerContext;
