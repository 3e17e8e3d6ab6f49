using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace Rotator.Rotation.Aws;

/// <summary>SDK "defaults mode" plumbing the signer never consults; a fixed standard configuration.</summary>
internal sealed class FixedDefaultConfigurationProvider : IDefaultConfigurationProvider
{
    public IDefaultConfiguration GetDefaultConfiguration(RegionEndpoint clientRegion, DefaultConfigurationMode? requestedConfigurationMode = null) =>
        new DefaultConfiguration();
}
