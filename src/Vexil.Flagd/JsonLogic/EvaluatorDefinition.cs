using System.Text.Json;

namespace Vexil.Flagd.JsonLogic;

/// <summary>A shared targeting expression from a document's <c>$evaluators</c>, referenced with <c>{"$ref": "name"}</c>.</summary>
/// <param name="Expression">The expression (its document stays alive while compiling).</param>
/// <param name="Path">Its JSON path, for errors.</param>
internal sealed record EvaluatorDefinition(JsonElement Expression, string Path);
