using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vexil.Hosting.Api;

/// <summary>The JSON settings of the admin API: camelCase, nulls omitted, unknown request fields refused.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Requests = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowTrailingCommas = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.MaxDepth = 64;
        return options;
    }
}
