namespace Vexil.Events;

/// <summary>How to reach NATS JetStream when the pipeline is distributed.</summary>
public sealed record NatsBusOptions
{
    /// <summary>The server URL, e.g. <c>nats://127.0.0.1:4222</c>.</summary>
    public string Url { get; init; } = "nats://127.0.0.1:4222";

    /// <summary>The user name, with <see cref="Password"/>; null connects without one.</summary>
    public string? Username { get; init; }

    /// <summary>The password of <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>A token, instead of a user and password.</summary>
    public string? Token { get; init; }

    /// <summary>The JetStream stream holding every event subject.</summary>
    public string StreamName { get; init; } = "VEXIL_EVENTS";

    /// <summary>Subjects are <c>{SubjectPrefix}.{topic}</c>.</summary>
    public string SubjectPrefix { get; init; } = "vexil.events";

    /// <summary>How long a publish may wait for the stream's acknowledgement before the batch is refused.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long messages are kept in the stream.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Every problem with these settings; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(Url, UriKind.Absolute, out _))
        {
            errors.Add("Nats.Url: must be an absolute URL");
        }

        if (string.IsNullOrWhiteSpace(StreamName) || StreamName.AsSpan().IndexOfAny(" .*>") >= 0)
        {
            errors.Add("Nats.StreamName: must be a name without spaces, dots or wildcards");
        }

        if (string.IsNullOrWhiteSpace(SubjectPrefix) || SubjectPrefix.AsSpan().IndexOfAny(" *>") >= 0)
        {
            errors.Add("Nats.SubjectPrefix: must be a subject without spaces or wildcards");
        }

        if (PublishTimeout <= TimeSpan.Zero)
        {
            errors.Add("Nats.PublishTimeout: must be positive");
        }

        if (MaxAge <= TimeSpan.Zero)
        {
            errors.Add("Nats.MaxAge: must be positive");
        }

        return errors;
    }
}
