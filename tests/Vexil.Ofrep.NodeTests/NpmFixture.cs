namespace Vexil.Ofrep.NodeTests;

/// <summary>
/// Installs the pinned OpenFeature packages once (<c>npm ci</c> from package-lock.json). Fails, never skips, when
/// node or npm is missing.
/// </summary>
public sealed class NpmFixture : IAsyncLifetime
{
    /// <summary>Node's version, for failure messages.</summary>
    public string NodeVersion { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var (nodeExit, nodeVersion) = await NodeRunner.RunAsync("node", ["--version"], null, TimeSpan.FromSeconds(30), CancellationToken.None);
        if (nodeExit != 0)
        {
            throw new InvalidOperationException($"node --version failed ({nodeExit}): {nodeVersion}");
        }

        NodeVersion = nodeVersion.Trim();
        var (exit, output) = await NodeRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], null, TimeSpan.FromSeconds(120), CancellationToken.None);
        if (exit != 0)
        {
            throw new InvalidOperationException($"npm ci failed ({exit}) in {NodeRunner.Directory}:\n{output}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>The tests that need the Node packages installed.</summary>
[CollectionDefinition(Name)]
public sealed class NodeCollection : ICollectionFixture<NpmFixture>
{
    public const string Name = "node";
}
