namespace Vexil.Sdk.Status;

/// <summary>Flags whose value may have changed: their definition changed, appeared or disappeared.</summary>
public sealed class FlagsChangedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public FlagsChangedEventArgs(IReadOnlyList<string> keys, long version)
    {
        Keys = keys;
        Version = version;
    }

    /// <summary>The keys of the flags that may evaluate differently now.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The version now served.</summary>
    public long Version { get; }
}
