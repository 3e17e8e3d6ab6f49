namespace Rotator.Testbed;

/// <summary>Finds the checkout the tests run from, so scripts under <c>hack/</c> can be called.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Operator.sln not found above {AppContext.BaseDirectory}");
    }
}
