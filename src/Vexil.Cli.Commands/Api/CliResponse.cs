using System.Net;
using System.Text.Json;

namespace Vexil.Cli.Api;

/// <summary>A successful answer: its JSON (undefined when empty), the raw text and the ETag.</summary>
internal sealed record CliResponse(JsonElement Json, string Text, string? ETag, HttpStatusCode Status = HttpStatusCode.OK)
{
    /// <summary>True when an environment's change policy held the write: the body is the change request it became.</summary>
    public bool Held => Status == HttpStatusCode.Accepted;
}
