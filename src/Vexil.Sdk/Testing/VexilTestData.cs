using System.Buffers;
using System.Text.Json;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using Vexil.Sdk.Snapshots;

namespace Vexil.Sdk.Testing;

/// <summary>
/// Flags held in memory, for unit tests of code that uses a <see cref="VexilClient"/>: set the values you want,
/// give the data to <see cref="Configuration.VexilOptions.TestData"/>, and every client using it sees each change at
/// once. No server, no files, no waiting.
/// </summary>
public sealed class VexilTestData
{
    private readonly Lock _gate = new();
    private readonly List<FlagDefinition> _flags = [];
    private IReadOnlyList<SegmentDefinition> _segments = [];
    private long _version;
    private CompiledUpdate _current = CompiledUpdate.FromDefinition(new RulesetDefinition("test", 0, [], []));

    internal event Action<CompiledUpdate>? Changed;

    /// <summary>The ruleset as it stands.</summary>
    internal CompiledUpdate Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Serves <paramref name="value"/> for a boolean flag to everyone.</summary>
    public VexilTestData Set(string key, bool value) => SetValue(key, FlagValueType.Boolean, w => w.WriteBooleanValue(value));

    /// <summary>Serves <paramref name="value"/> for a string flag to everyone.</summary>
    public VexilTestData Set(string key, string value) => SetValue(key, FlagValueType.String, w => w.WriteStringValue(value));

    /// <summary>Serves <paramref name="value"/> for a number flag to everyone.</summary>
    public VexilTestData Set(string key, double value) => SetValue(key, FlagValueType.Number, w => w.WriteNumberValue(value));

    /// <summary>Serves <paramref name="value"/> (an object or array) for an object flag to everyone.</summary>
    public VexilTestData Set(string key, JsonElement value) => SetValue(key, FlagValueType.Object, value.WriteTo);

    /// <summary>Adds or replaces a flag written in the native format (rules, rollouts and all).</summary>
    /// <exception cref="ArgumentException">The flag is not valid.</exception>
    public VexilTestData SetFlag(string flagJson)
    {
        using var document = JsonDocument.Parse(flagJson);
        var (flag, errors) = RulesetJson.ReadFlag(document.RootElement.Clone());
        if (flag is null)
        {
            throw new ArgumentException("Invalid flag: " + string.Join("; ", errors), nameof(flagJson));
        }

        return Update(flag);
    }

    /// <summary>Replaces everything with a ruleset written in the native format.</summary>
    /// <exception cref="ArgumentException">The ruleset is not valid.</exception>
    public VexilTestData Load(string rulesetJson)
    {
        var read = RulesetJson.Read(rulesetJson);
        if (read.Ruleset is null)
        {
            throw new ArgumentException("Invalid ruleset: " + string.Join("; ", read.Errors), nameof(rulesetJson));
        }

        return Publish((flags, version) =>
        {
            flags.Clear();
            flags.AddRange(read.Ruleset.Flags.Select(f => f with { Version = version }));
            return read.Ruleset.Segments;
        });
    }

    /// <summary>Removes a flag (evaluations then return the default with <c>FLAG_NOT_FOUND</c>).</summary>
    public VexilTestData Remove(string key) => Publish((flags, _) =>
    {
        flags.RemoveAll(f => string.Equals(f.Key, key, StringComparison.Ordinal));
        return null;
    });

    private VexilTestData SetValue(string key, FlagValueType type, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var flag = new FlagDefinition
        {
            Key = key,
            Type = type,
            Variations = [new VariationDefinition("value", document.RootElement.Clone())],
            Enabled = true,
            Fallthrough = ServeDefinition.Of("value"),
        };
        return Update(flag);
    }

    private VexilTestData Update(FlagDefinition flag) => Publish((flags, version) =>
    {
        var index = flags.FindIndex(f => string.Equals(f.Key, flag.Key, StringComparison.Ordinal));
        if (index >= 0)
        {
            flags[index] = flag with { Version = version };
        }
        else
        {
            flags.Add(flag with { Version = version });
        }

        return null;
    });

    /// <summary>Applies an edit to a copy of the flags (returning new segments, or null to keep them), compiles it, then commits and announces it.</summary>
    private VexilTestData Publish(Func<List<FlagDefinition>, long, IReadOnlyList<SegmentDefinition>?> edit)
    {
        CompiledUpdate update;
        lock (_gate)
        {
            var version = _version + 1;
            var flags = new List<FlagDefinition>(_flags);
            var segments = edit(flags, version) ?? _segments;
            update = CompiledUpdate.FromDefinition(new RulesetDefinition("test", version, flags, segments));
            if (!update.IsValid)
            {
                throw new ArgumentException("The test flags do not compile: " + update.Error);
            }

            _version = version;
            _flags.Clear();
            _flags.AddRange(flags);
            _segments = segments;
            _current = update;
        }

        Changed?.Invoke(update);
        return this;
    }
}
