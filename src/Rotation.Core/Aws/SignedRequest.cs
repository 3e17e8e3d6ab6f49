using Amazon.Runtime;

namespace Rotator.Rotation.Aws;

/// <summary>The SDK's request pipeline wants an originating request object; ours carries nothing.</summary>
internal sealed class SignedRequest : AmazonWebServiceRequest;
