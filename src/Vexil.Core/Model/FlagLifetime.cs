namespace Vexil.Core.Model;

/// <summary>How long a flag is expected to live: a hint for stale-flag detection.</summary>
public enum FlagLifetime : byte
{
    /// <summary>A release or experiment flag, to be removed once rolled out.</summary>
    Temporary,

    /// <summary>An operational or entitlement flag that stays.</summary>
    Permanent,
}
