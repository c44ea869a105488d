using System.Text.Json.Serialization;

namespace Vexil.Hosting.Api;

/// <summary>
/// The types the edge's and <c>serve</c>'s endpoints hand to the HTTP JSON serializer (everything else they write with a
/// <c>Utf8JsonWriter</c>; problem details come with ASP.NET Core's own context). Native AOT has no reflection-based
/// serializer to fall back on.
/// </summary>
[JsonSerializable(typeof(string))]
internal sealed partial class HostingJsonContext : JsonSerializerContext;
